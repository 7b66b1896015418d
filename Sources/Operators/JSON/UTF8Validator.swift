/// Strict UTF-8 validation (Unicode 15, table 3-7).
///
/// Hand-written rather than relying on `String(decoding:)` because that *repairs* invalid input
/// with U+FFFD, and we must instead reject it (and say where): overlong encodings, encoded
/// UTF-16 surrogates, code points above U+10FFFF, stray continuation bytes and truncated
/// sequences are all errors.
enum UTF8Validator {
    /// Validates the multi-byte sequence whose lead byte is at `index` (which must be ≥ 0x80)
    /// and returns its length in bytes.
    @inline(__always)
    static func sequenceLength(in bytes: UnsafeRawBufferPointer, at index: Int) throws(JSONError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x80...0xBF:
            throw failure(index, "unexpected continuation byte \(hex(lead))")
        case 0xC0, 0xC1:
            throw failure(index, "overlong encoding (lead byte \(hex(lead)))")
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            secondRange = 0xA0...0xBF
        case 0xED:
            length = 3
            secondRange = 0x80...0x9F
        case 0xE1...0xEF:
            length = 3
        case 0xF0:
            length = 4
            secondRange = 0x90...0xBF
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            secondRange = 0x80...0x8F
        default:
            throw failure(index, "invalid byte \(hex(lead))")
        }
        guard index + 1 < bytes.count else {
            throw failure(index, "truncated \(length)-byte sequence")
        }
        let second = bytes[index + 1]
        if !secondRange.contains(second) {
            guard isContinuation(second) else { throw failure(index, "truncated \(length)-byte sequence") }
            switch lead {
            case 0xE0, 0xF0: throw failure(index, "overlong encoding")
            case 0xED: throw failure(index, "encoded UTF-16 surrogate")
            default: throw failure(index, "code point above U+10FFFF")
            }
        }
        var offset = 2
        while offset < length {
            guard index + offset < bytes.count, isContinuation(bytes[index + offset]) else {
                throw failure(index, "truncated \(length)-byte sequence")
            }
            offset += 1
        }
        return length
    }

    /// The first encoding error in `bytes`, or `nil` if all of it is valid UTF-8.
    static func firstError(in bytes: UnsafeRawBufferPointer) -> JSONError? {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            do {
                index += try sequenceLength(in: bytes, at: index)
            } catch {
                return error
            }
        }
        return nil
    }

    /// The first encoding error in `bytes`, or `nil` if all of it is valid UTF-8.
    static func firstError(in bytes: [UInt8]) -> JSONError? {
        bytes.withUnsafeBytes { firstError(in: $0) }
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    private static func failure(_ offset: Int, _ what: String) -> JSONError {
        JSONError(offset: offset, message: "\(JSONError.invalidUTF8Prefix): \(what)")
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }
}
