// Deliberately no `import Testing`: Swift Testing also exports a `ConfigLocation`, and the module
// name `DaemonConfig` is shadowed by the struct of the same name, so this alias is the only way
// for test files to name the config's location type unambiguously.
import DaemonConfig

typealias ConfigSourceLocation = ConfigLocation
