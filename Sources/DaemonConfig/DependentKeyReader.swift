/// Reads the keys whose meaning depends on a choice made in the same mapping: a pipeline's
/// `kind:` decides whether `count` or `within` mean anything, a window's `type:` whether `advance` does.
///
/// All such keys are *known* to the mapping's `MappingReader` (so a typo still gets a did-you-mean
/// against the full schema), and this reader then sorts them by the choice:
/// - a key the choice does not use is reported once, at the key, and its value is not read: the
///   fix is to delete the key or change the choice, so a type error in it would only be noise;
/// - a key the choice needs is reported missing, saying which choice needs it;
/// - when the choice itself is invalid (already reported), every present key's value is still
///   checked, so its errors arrive in the same run, but nothing is required.
struct DependentKeyReader {
    let reader: MappingReader
    /// False once anything required is missing or invalid, or when the choice itself is invalid.
    private(set) var isComplete: Bool
    private let accepted: Set<String>
    private let required: Set<String>
    private let reason: String

    /// - Parameters:
    ///   - choice: the choice as messages name it (`kind absence`, `window type hopping`), or nil
    ///     when it is invalid.
    ///   - dependentKeys: every key whose use depends on the choice, in schema order.
    ///   - accepted: the keys this choice uses; ignored when `choice` is nil.
    ///   - required: the keys this choice needs; ignored when `choice` is nil.
    ///   - usedBy: for a key, the choices that use it (`used by kind threshold`), as a hint.
    ///   - note: appended to every "does not apply" message, e.g. that the choice was a default.
    init(_ reader: MappingReader, choice: String?, dependentKeys: [String], accepted: [String], required: [String],
         usedBy: (String) -> String, note: String = "", diagnostics: inout DiagnosticCollector) {
        self.reader = reader
        guard let choice else {
            self.isComplete = false
            self.accepted = Set(dependentKeys)
            self.required = []
            self.reason = ""
            return
        }
        self.isComplete = true
        self.accepted = Set(accepted)
        self.required = Set(required)
        self.reason = " (\(choice) needs it)"
        for entry in reader.mapping.entries where dependentKeys.contains(entry.key) && !accepted.contains(entry.key) {
            diagnostics.error(entry.keyLocation, "'\(entry.key)' does not apply to \(choice) (\(usedBy(entry.key))\(note))")
            isComplete = false
        }
    }

    /// Whether the choice uses `key` (and so whether its value is read at all).
    func accepts(_ key: String) -> Bool { accepted.contains(key) }

    /// Reads `key` if the choice uses it: required keys are reported missing, optional ones may
    /// be absent. Nil when absent, not applicable or invalid.
    mutating func value<T>(_ key: String, _ diagnostics: inout DiagnosticCollector,
                           _ read: (ConfigNode, String, inout DiagnosticCollector) -> T?) -> T? {
        guard accepted.contains(key) else { return nil }
        guard required.contains(key) else { return reader.optional(key, diagnostics: &diagnostics, read) }
        let value = reader.required(key, diagnostics: &diagnostics, because: reason, read)
        if value == nil { isComplete = false }
        return value
    }

    /// For checks across keys (one of two keys required) that `value` cannot express.
    mutating func markIncomplete() { isComplete = false }
}
