/// One consent event of a customer (`policies.consent_events`): from `atMs` on, `channel` is
/// granted or denied, whatever the profile table says.
///
/// Kept as a short history rather than the latest value per channel because decisions are made
/// at their own time (an event's time, a release time), not in arrival order: a decision at `t`
/// must see the newest event at or before `t`, even if a later-dated one was read first.
struct ConsentOverride: Sendable, Equatable {
    /// A channel as in ``Operators/Action/channel``, or ``ConsentOverride/allChannels``.
    var channel: String
    var atMs: Int64
    var granted: Bool

    /// The channel name of an event that applies to every channel (`*` or `all` in the input).
    static let allChannels = "*"

    /// Whether this override speaks about `channel` (its own, or every channel).
    func covers(_ channel: String) -> Bool {
        self.channel == channel || self.channel == Self.allChannels
    }
}

extension [ConsentOverride] {
    /// The consent for `channel` at `atMs`: the newest override at or before `atMs` that covers
    /// the channel; `nil` without one (the profile decides). At one millisecond a denial wins
    /// over a grant (also a grant for all channels over a denial of one): when two changes are
    /// simultaneous their order is unknowable, and contacting someone who said no is the worse
    /// mistake.
    func status(of channel: String, atMs: Int64) -> ConsentStatus? {
        var newest: Int64?
        var denied = false
        for item in self where item.atMs <= atMs && item.covers(channel) {
            if newest.map({ item.atMs > $0 }) ?? true {
                newest = item.atMs
                denied = !item.granted
            } else if item.atMs == newest {
                denied = denied || !item.granted
            }
        }
        guard newest != nil else { return nil }
        return denied ? .denied : .granted
    }

    /// Inserts in time order (after equal times), then drops what no decision at or after
    /// `horizonMs` can see any more: an override followed, still at or before the horizon, by a
    /// later one covering all of its channels. Keeps the history to about one entry per channel.
    mutating func record(_ item: ConsentOverride, horizonMs: Int64) {
        let index = firstIndex { $0.atMs > item.atMs } ?? endIndex
        insert(item, at: index)
        let settled = filter { $0.atMs <= horizonMs }
        removeAll { old in
            old.atMs <= horizonMs && settled.contains { new in
                new.atMs > old.atMs && (new.channel == old.channel || new.channel == ConsentOverride.allChannels)
            }
        }
    }
}
