// Input side of the hot path: one Kafka record value → Event.
//
// JSONReader.parse and Foundation's JSONSerialization.jsonObject parse the same bytes, so the
// pair shows what the hand-written reader buys (JSONReader.swift claims ~0.29M events/s/core
// for Foundation). Foundation is given a prebuilt `Data`, which flatters it: the daemon holds
// `[UInt8]` and would have to copy into a `Data` first.
import Benchmark
import Foundation
import MicroSupport
import Operators

let benchmarks: @Sendable () -> Void = {
    Fixtures.configure()

    let bytes = Fixtures.cxEventBytes
    let data = Data(bytes)
    let record = InputRecord(source: Fixtures.source(offset: 42), key: nil, value: bytes, timestampMs: nil)
    let decoder = EventDecoder(spec: Fixtures.decodeSpec)

    // Fail loudly rather than benchmark an error path.
    guard case .success(let decoded) = decoder.decode(record), decoded.key == "c-1042" else {
        fatalError("fixture event does not decode")
    }
    guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
        fatalError("fixture event is not a JSON object for Foundation")
    }

    Benchmark("Decode: EventDecoder.decode (\(bytes.count) B CX event)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(decoder.decode(record))
        }
    }

    Benchmark("Decode: JSONReader.parse (\(bytes.count) B)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONReader.parse(bytes))
        }
    }

    Benchmark("Decode: Foundation JSONSerialization.jsonObject (\(bytes.count) B)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? JSONSerialization.jsonObject(with: data))
        }
    }
}
