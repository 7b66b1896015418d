import DaemonConfig
import Operators

extension PreparedFile {
    /// `profiles:` rows as rows of the config's `policies.profile_table`, so a scenario names
    /// its customers' zone and consent without repeating the table's name and key field.
    /// Each row is the customer's whole profile record (a later row replaces an earlier one),
    /// carrying the customer id both as the record key and in the table's key field.
    static func profileRows(_ rows: [ProfileRow], _ config: DaemonConfig, _ problems: inout [ConfigDiagnostic]) -> [TableRows] {
        guard let first = rows.first else { return [] }
        guard let tableName = config.policies?.profileTable, let table = config.tables.first(where: { $0.name == tableName }) else {
            problems.append(ConfigDiagnostic(first.location, config.policies == nil
                ? "'profiles' needs a config with a policies: section and a profile_table"
                : "'profiles' needs policies.profile_table in the config (it names none)"))
            return []
        }
        let keyPath = table.keyField.map { FieldPath($0).components }
        return [TableRows(table: tableName, location: first.location, rows: rows.map { row in
            var object = JSONObject([])
            if let keyPath { EventEncoder.set(keyPath[...], to: .string(row.customerID), in: &object) }
            if let zone = row.timeZone { object.fields.append((key: "time_zone", value: .string(zone))) }
            if !row.consent.isEmpty {
                object.fields.append((key: "consent", value: .object(JSONObject(row.consent.map { (key: $0.channel, value: .bool($0.granted)) }))))
            }
            if let flag = row.doNotContact { object.fields.append((key: "do_not_contact", value: .bool(flag))) }
            if let locale = row.locale { object.fields.append((key: "locale", value: .string(locale))) }
            return TableRows.Row(key: row.customerID, value: .object(object), location: row.location)
        })]
    }

    /// Policy expectations against a config without `policies:` could only ever see nothing:
    /// `expect_decisions: []` would pass for the wrong reason, so it is a problem in the file.
    static func policyProblems(_ scenarios: [Scenario], _ config: DaemonConfig) -> [ConfigDiagnostic] {
        guard config.policies == nil else { return [] }
        return scenarios.compactMap { s in
            let p = s.policy
            let keys = [("expect_decisions", p.decisions != nil), ("expect_holdout", p.holdout != nil),
                        ("expect_conversions", p.conversions != nil)].filter(\.1).map(\.0)
            guard !keys.isEmpty else { return nil }
            return ConfigDiagnostic(s.location, "scenario '\(s.name)' expects \(keys.joined(separator: ", ")) "
                + "but the config has no policies: section")
        }
    }
}
