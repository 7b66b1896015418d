extension ActionSettings {
    static let keys = ["channel", "message", "customer_field"]

    /// A pipeline's `action:`. `channel` and `message` are Mustache sources compiled later by the
    /// engine, so their locations are kept for the engine's own template errors.
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> ActionSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let channel = reader.required("channel", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let message = reader.required("message", diagnostics: &diagnostics) { $0.string($1, &$2) }
        let customerField = reader.optional("customer_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        guard let channel, let message,
              let channelLocation = mapping["channel"]?.value.location,
              let messageLocation = mapping["message"]?.value.location
        else { return nil }
        return ActionSettings(channel: channel, channelLocation: channelLocation, message: message,
                              messageLocation: messageLocation, customerField: customerField)
    }
}
