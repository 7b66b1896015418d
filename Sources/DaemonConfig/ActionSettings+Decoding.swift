extension ActionSettings {
    static let keys = ["channel", "message", "customer_field", "default_locale", "locale_field"]
    static let localeRule = "locales are BCP 47 tags such as en, en-US or zh-Hant-TW"

    /// A pipeline's `action:`. `channel` and `message` are Mustache sources compiled later by the
    /// engine, so their locations are kept for the engine's own template errors.
    ///
    /// `message` is one template, or a mapping of locale → template; `default_locale` and
    /// `locale_field` belong to the mapping form and are errors beside a single template (a
    /// setting that is accepted but ignored would mislead whoever reads the config next).
    static func decode(_ node: ConfigNode, path: String, _ diagnostics: inout DiagnosticCollector) -> ActionSettings? {
        guard let mapping = node.mapping(path, &diagnostics) else { return nil }
        let reader = MappingReader(mapping, path: path, knownKeys: keys, diagnostics: &diagnostics)
        let channel = reader.required("channel", diagnostics: &diagnostics) { $0.nonEmptyString($1, &$2) }
        let customerField = reader.optional("customer_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let localeField = reader.optional("locale_field", diagnostics: &diagnostics) { $0.fieldPath($1, &$2) }
        let message: Message?
        switch reader.required("message", diagnostics: &diagnostics)?.value {
        case .mapping(let locales)?:
            message = decodeLocalized(locales, path: reader.path("message"), reader: reader, &diagnostics)
        case let value?:
            message = value.string(reader.path("message"), &diagnostics).map { Message.single($0, value.location) }
            for key in ["default_locale", "locale_field"] {
                guard let entry = reader.optional(key) else { continue }
                diagnostics.error(entry.keyLocation, "\(key) applies only when \(reader.path("message")) is a mapping "
                    + "of locale to template (e.g. en-US: \"…\", ko-KR: \"…\")")
            }
        case nil:
            message = nil
        }
        guard let channel, let message, let channelLocation = mapping["channel"]?.value.location else { return nil }
        switch message {
        case .single(let text, let location):
            return ActionSettings(channel: channel, channelLocation: channelLocation, message: text,
                                  messageLocation: location, customerField: customerField)
        case .localized(let variants, let defaultIndex):
            let fallback = variants[defaultIndex]
            var settings = ActionSettings(channel: channel, channelLocation: channelLocation, message: fallback.template,
                                          messageLocation: fallback.location, customerField: customerField)
            settings.localizedMessages = variants
            settings.defaultLocale = fallback.locale
            settings.localeField = localeField
            settings.localeFieldLocation = reader.optional("locale_field")?.value.location
            return settings
        }
    }

    private enum Message {
        case single(String, ConfigLocation)
        /// Never empty; the index is the default's.
        case localized([LocalizedMessage], defaultIndex: Int)
    }

    /// `message:` as a mapping: each key a locale (unique ignoring case, as matching ignores it),
    /// each value a template; then `default_locale`, which must be one of them.
    private static func decodeLocalized(_ locales: MappingNode, path: String, reader: MappingReader,
                                        _ diagnostics: inout DiagnosticCollector) -> Message? {
        guard !locales.entries.isEmpty else {
            diagnostics.error(locales.location, "\(path) must name at least one locale (or be a single template)")
            return nil
        }
        var variants: [LocalizedMessage] = []
        var valid = true
        var firstByLowercase: [String: ConfigLocation] = [:]
        for entry in locales.entries {
            let entryPath = ConfigPath.child(path, entry.key)
            if !isLocale(entry.key) {
                diagnostics.error(entry.keyLocation, "invalid locale '\(entry.key)' in \(path); \(localeRule)")
                valid = false
            } else if let first = firstByLowercase[entry.key.lowercased()] {
                diagnostics.error(entry.keyLocation, "locale '\(entry.key)' is listed twice in \(path) (first at "
                    + "\(first.line):\(first.column)); locales match ignoring case")
                valid = false
            } else {
                firstByLowercase[entry.key.lowercased()] = entry.keyLocation
            }
            guard let template = entry.value.string(entryPath, &diagnostics) else {
                valid = false
                continue
            }
            variants.append(LocalizedMessage(locale: entry.key, template: template, location: entry.value.location))
        }
        var defaultIndex = 0
        if let entry = reader.optional("default_locale") {
            guard let name = entry.value.nonEmptyString(reader.path("default_locale"), &diagnostics) else { return nil }
            guard let index = variants.firstIndex(where: { $0.locale.lowercased() == name.lowercased() }) else {
                let listed = locales.entries.map(\.key)
                diagnostics.error(entry.value.location, "default_locale '\(name)' is not one of the locales in \(path) ("
                    + listed.joined(separator: ", ") + ")" + Suggestion.hint(for: name, in: listed))
                return nil
            }
            defaultIndex = index
        }
        return valid ? .localized(variants, defaultIndex: defaultIndex) : nil
    }

    /// A BCP 47-shaped tag: a 2–8 letter language, then `-`-separated subtags of 1–8 letters or
    /// digits. Only the shape is checked; which locales exist is the message author's business.
    static func isLocale(_ tag: String) -> Bool {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = subtags.first, (2...8).contains(language.count),
              language.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) })
        else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count) && subtag.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            }
        }
    }
}
