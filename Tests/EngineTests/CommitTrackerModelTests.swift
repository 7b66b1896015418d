import Testing
import TrafficGenerator
@testable import Engine

/// The simple reference `CommitTracker` must match: per partition, the list of processed inputs
/// with their remaining outputs and timings, looked up by token in a dictionary.
private struct ModelTracker {
    struct Input { var offset: Int64; var remaining: Int; var timing: InputTiming }
    var inputs: [StreamPartition: [Input]] = [:]
    var lastProcessed: [StreamPartition: Int64] = [:]
    var byToken: [UInt64: (StreamPartition, Int)] = [:]
    var inFlight = 0

    mutating func processed(_ p: StreamPartition, offset: Int64, outputs: Int, timing: InputTiming, token: UInt64?) {
        if inputs[p] == nil { inputs[p] = [] }
        lastProcessed[p] = max(lastProcessed[p] ?? -1, offset)
        guard outputs > 0, let token else { return }
        inputs[p, default: []].append(Input(offset: offset, remaining: outputs, timing: timing))
        inFlight += outputs
        byToken[token] = (p, inputs[p, default: []].count - 1)
    }

    mutating func acknowledged(token: UInt64) -> InputTiming? {
        guard let (p, i) = byToken[token], var list = inputs[p], list[i].remaining > 0 else { return nil }
        list[i].remaining -= 1
        inputs[p] = list
        inFlight -= 1
        return list[i].timing
    }

    mutating func revoke(_ p: StreamPartition) {
        inFlight -= inputs[p]?.reduce(0) { $0 + $1.remaining } ?? 0
        inputs[p] = nil
        lastProcessed[p] = nil
        byToken = byToken.filter { $0.value.0 != p }
    }

    func commitPoint(_ p: StreamPartition) -> Int64? {
        guard let list = inputs[p] else { return nil }
        if let first = list.first(where: { $0.remaining > 0 }) { return first.offset }
        return (lastProcessed[p] ?? -1) >= 0 ? (lastProcessed[p] ?? 0) + 1 : nil
    }
}

/// The array-slot tracker (slots resolved once per run, timings kept with pending inputs,
/// slots reused after a revocation) against the reference, over random interleavings of
/// processing (by partition and by slot, stale slots included), acknowledgements (in any order,
/// repeated, of revoked partitions, token 0) and revocations.
@Test(arguments: [UInt64(1), 7, 42, 2024, 99_991])
func trackerMatchesReferenceModel(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let partitions = (0..<4).map { StreamPartition(topic: $0 % 2 == 0 ? "a" : "b", partition: Int32($0)) }
    var tracker = CommitTracker()
    var model = ModelTracker()
    var nextOffset: [StreamPartition: Int64] = [:]
    var tokens: [UInt64] = [0]
    var slots: [StreamPartition: CommitTracker.Slot] = [:]
    for step in 0..<4_000 {
        let p = partitions[Int.random(in: 0..<partitions.count, using: &rng)]
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<45:
            let offset = nextOffset[p, default: 0]
            nextOffset[p] = offset + Int64.random(in: 1...3, using: &rng)
            let outputs = Int.random(in: 0...3, using: &rng)
            let timing = InputTiming(consumedNs: UInt64(step), recordTsMs: step % 3 == 0 ? nil : Int64(step))
            let token: UInt64?
            if Bool.random(using: &rng), let slot = slots[p] {
                token = tracker.processed(slot, offset: offset, outputs: outputs, timing: timing)  // may be stale
            } else {
                token = tracker.processed(p, offset: offset, outputs: outputs, timing: timing)
            }
            #expect((token != nil) == (outputs > 0))
            if let token {
                #expect(token != 0 && token < (1 << 62))
                tokens.append(token)
            }
            model.processed(p, offset: offset, outputs: outputs, timing: timing, token: token)
        case 45..<90:
            let token = tokens[Int.random(in: 0..<tokens.count, using: &rng)]
            #expect(tracker.acknowledged(token: token) == model.acknowledged(token: token))
        case 90..<95:
            slots[p] = tracker.slot(of: p)
            if model.inputs[p] == nil { model.inputs[p] = [] }
        default:
            tracker.revoke(p)
            model.revoke(p)
        }
        #expect(tracker.inFlight == model.inFlight)
        for q in partitions { #expect(tracker.commitPoint(q) == model.commitPoint(q)) }
    }
}
