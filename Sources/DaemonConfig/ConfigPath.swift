/// Names a place in the config the way messages print it: `kafka.group_id`, `pipelines[1].where[0]`.
///
/// Messages carry the path as well as the line:col because a path still makes sense when the
/// message is read away from the file (a log line, a CI summary).
enum ConfigPath {
    static let root = ""

    static func child(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    static func item(_ parent: String, _ index: Int) -> String {
        "\(parent)[\(index)]"
    }

    /// "in kafka", or "at top level" for the root mapping.
    static func scope(_ path: String) -> String {
        path.isEmpty ? "at top level" : "in \(path)"
    }
}
