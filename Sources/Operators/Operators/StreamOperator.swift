/// A step of a pipeline: consumes decoded events and emits actions.
///
/// Operators are pure values (no I/O, no clocks, no Kafka) so they can be unit-tested and
/// replayed deterministically; `mutating` leaves room for stateful operators whose state the
/// engine persists. An operator throws ``DecodeFailure`` when a particular event cannot be
/// processed (e.g. a field the operator needs is missing); the engine dead-letters that
/// event and continues.
public protocol StreamOperator: Sendable {
    mutating func process(_ event: Event, into out: inout Emitter) throws(DecodeFailure)
}
