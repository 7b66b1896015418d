/// Kafka's rules for topic names, checked here so a typo fails at startup with a line number
/// instead of as an opaque broker error (or a silently auto-created wrong topic) later.
enum TopicName {
    static let maxLength = 249
    static let rule = "topic names are 1 to 249 characters from A-Z, a-z, 0-9, '.', '_' and '-', and not '.' or '..'"

    static func isValid(_ name: String) -> Bool {
        guard (1...maxLength).contains(name.unicodeScalars.count), name != ".", name != ".." else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
    }
}
