import Engine
import Operators

/// Headers that make a dead letter self-explaining: the reason and where the original came from.
/// The original key, value and headers are kept untouched, so the record can be fixed and replayed.
enum DeadLetterHeaders {
    static func make(_ dead: DeadLetter) -> [(key: String, value: [UInt8])] {
        var headers = dead.record.headers.map { (key: $0.key, value: $0.value) }
        let src = dead.record.source
        headers.append(("dlq.reason", Array(dead.reason.rawValue.utf8)))
        headers.append(("dlq.detail", Array(dead.detail.utf8)))
        headers.append(("dlq.source.topic", Array(src.topic.utf8)))
        headers.append(("dlq.source.partition", Array(String(src.partition).utf8)))
        headers.append(("dlq.source.offset", Array(String(src.offset).utf8)))
        if let pipeline = dead.pipeline { headers.append(("dlq.pipeline", Array(pipeline.utf8))) }
        return headers
    }
}
