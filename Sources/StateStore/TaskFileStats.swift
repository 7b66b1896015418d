import Foundation

/// Sizes of one task file for `stream-daemon state stats`: per-store counts and byte totals
/// plus the file's size on disk. Never keys or values: they hold personal data.
public struct TaskFileStats: Sendable, Equatable {
    /// The file name without `.sqlite`: the (sanitised) task id, e.g. `inputs-3`.
    public var task: String
    public var path: String
    /// The database file plus its WAL, i.e. what the task occupies on disk.
    public var fileBytes: Int
    public var stores: [StoreStats]

    public init(task: String, path: String, fileBytes: Int, stores: [StoreStats]) {
        self.task = task
        self.path = path
        self.fileBytes = fileBytes
        self.stores = stores
    }

    /// Opens the file read-only, so inspecting a live daemon's state cannot change it.
    public static func read(path: String) throws(SQLiteError) -> TaskFileStats {
        let store = try TaskStateStore(path: path, access: .readOnly)
        defer { store.close() }
        let stores = try store.stats()
        return TaskFileStats(task: taskName(ofFile: path), path: path,
                             fileBytes: fileSize(path) + fileSize(path + "-wal"), stores: stores)
    }

    /// The task files in a group directory, sorted by name; nil if the directory does not exist
    /// (no task has run yet). Throws if it exists but cannot be listed.
    public static func taskFiles(in directory: String) throws -> [String]? {
        guard FileManager.default.fileExists(atPath: directory) else { return nil }
        let suffix = ".\(TaskStateStore.fileExtension)"
        return try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(suffix) && $0.count > suffix.count }
            .sorted()
            .map { "\(directory)/\($0)" }
    }

    static func taskName(ofFile path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let suffix = ".\(TaskStateStore.fileExtension)"
        return file.hasSuffix(suffix) ? String(file.dropLast(suffix.count)) : file
    }

    private static func fileSize(_ path: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }
}
