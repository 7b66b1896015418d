/// Strict RFC 8259 JSON parsing straight from bytes.
///
/// Why hand-written: Foundation's `JSONSerialization` parses only about 0.29M small events
/// per second per core on our Linux hosts (it boxes everything into `NSNumber`/`NSDictionary`
/// and then has to be bridged), while the daemon needs more than 1M events/s/core. This reader
/// works on the raw buffer, builds `JSONValue` directly and allocates only for the values.
///
/// Why strict: events that are "almost JSON" must be dead-lettered with a precise reason
/// instead of being accepted here and misread later. Rejected are trailing commas, comments,
/// leading zeros, unescaped control characters, invalid or lone-surrogate `\u` escapes,
/// non-whitespace after the value, invalid UTF-8 anywhere in the input, numbers that overflow
/// a `Double`, and nesting deeper than ``maxDepth`` (a guard against stack exhaustion).
///
/// When the input is not valid UTF-8 the error always reports the encoding problem (message
/// prefix "invalid UTF-8"), even if a syntax error occurs earlier, so callers can tell
/// "not text" from "not JSON".
public enum JSONReader {
    /// Maximum nesting of arrays and objects; deeper documents are rejected.
    public static let maxDepth = 128

    /// Parses one complete JSON document (any value type at the top level).
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { buffer in
            do throws(JSONError) {
                return .success(try parse(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one complete JSON document (any value type at the top level).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes)
        do {
            return try parser.parseDocument()
        } catch {
            throw encodingFirst(error, in: bytes)
        }
    }

    /// ``parse(_:)-([UInt8])`` keeping only the top-level members `filter` keeps and putting the
    /// values it captures in `captures`: the same documents are accepted and the same errors
    /// thrown (see ``FieldProjection``). Inline in the decoder: a call of ~87 instructions per
    /// record otherwise (callgrind).
    @inline(__always)
    static func parse(_ bytes: [UInt8], keeping filter: JSONMemberFilter,
                      captures: inout JSONCaptures) throws(JSONError) -> JSONValue {
        let result: Result<JSONValue, JSONError> = bytes.withUnsafeBytes { buffer in
            var parser = JSONParser(buffer, smallStringsAvailable: filter.smallStringsAvailable)
            do throws(JSONError) {
                return .success(try parser.parseDocument(keeping: filter, captures: &captures))
            } catch {
                return .failure(encodingFirst(error, in: buffer))
            }
        }
        return try result.get()
    }

    /// The error to report for `error`: an encoding problem anywhere in `bytes` wins.
    private static func encodingFirst(_ error: JSONError, in bytes: UnsafeRawBufferPointer) -> JSONError {
        if !error.isInvalidUTF8, let encodingError = UTF8Validator.firstError(in: bytes) {
            return encodingError
        }
        return error
    }
}
