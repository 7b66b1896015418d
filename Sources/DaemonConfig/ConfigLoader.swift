import Foundation

/// Loads the daemon's YAML config: parse, interpolate `${VAR}`, validate against the schema.
///
/// All problems are reported together as `file:line:col: message`, sorted by position, so a
/// user can fix a config in one pass instead of one error per restart.
public enum ConfigLoader {
    /// Reads and parses the config at `path`. `path` is used as given in every diagnostic, so
    /// messages match what the user typed on the command line.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigErrors) -> DaemonConfig {
        let yaml: String
        do {
            yaml = try ConfigFile.read(path)
        } catch {
            let start = ConfigLocation(file: path, line: 1, column: 1)
            throw ConfigErrors([ConfigDiagnostic(start, "cannot read config file: \(error.reason)")])
        }
        return try parse(yaml: yaml, file: path, environment: environment)
    }

    /// Parses config text; `file` is only used to label diagnostics and `DaemonConfig.file`.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigErrors) -> DaemonConfig {
        let start = ConfigLocation(file: file, line: 1, column: 1)
        let document: YAMLComposer.Document
        switch YAMLComposer.compose(yaml, file: file) {
        case .success(let composed): document = composed
        case .failure(let diagnostic): throw ConfigErrors([diagnostic])
        }
        guard let root = document.root else {
            throw ConfigErrors([ConfigDiagnostic(start, "config is empty; expected a mapping with kafka, inputs, "
                + "output, state and pipelines")])
        }
        var diagnostics = DiagnosticCollector()
        let builder = ConfigTreeBuilder(file: file, environment: environment, renamedKeys: document.renamedKeys)
        let tree = builder.build(root, path: ConfigPath.root, diagnostics: &diagnostics)
        let config = DaemonConfig.decode(tree, file: file, &diagnostics)
        if diagnostics.isEmpty, let config { return config }
        if diagnostics.isEmpty {
            // Every rejecting path records a diagnostic; this guards the contract that a failure is never silent.
            diagnostics.error(start, "internal error: config rejected without a diagnostic")
        }
        throw ConfigErrors(diagnostics.sorted())
    }
}
