/// Why a record was sent to the dead-letter topic instead of being processed.
///
/// The raw values are part of the output contract: they appear in dead-letter records and
/// as metric labels, so operators can alert on them. Do not rename them.
public enum DeadLetterReason: String, Sendable, CaseIterable {
    case oversized
    case emptyValue = "empty_value"
    case invalidUTF8 = "invalid_utf8"
    case invalidJSON = "invalid_json"
    case notAnObject = "not_an_object"
    case missingKey = "missing_key"
    case invalidKey = "invalid_key"
    case missingTime = "missing_time"
    case invalidTime = "invalid_time"
    case missingField = "missing_field"
    case late
    case processingError = "processing_error"
}
