/// One group key's open windows, sorted by start, the first one stored inline.
///
/// Why not an `[WindowState]`: a key almost always has zero or one open window (a tumbling
/// window, or one session), and the array's buffer was a heap object of its own — a cache miss
/// per event and per closed window on top of the dictionary probe, and a `malloc`/`free` per
/// key cycle (threshold replay of 100k keys: the window operator's memory traffic was ~38 % of
/// wall time). Inline, the window lives in the dictionary's value storage; only hopping windows
/// and several sessions of a key spill into `tail`.
///
/// Invariant: `tail` is empty whenever `head` is `nil`; in order, `head` then `tail` are sorted
/// by start.
struct WindowList: Sendable {
    /// The earliest open window, if any.
    private var head: WindowState?
    /// The other open windows, after `head`.
    private var tail: [WindowState] = []

    /// No windows.
    init() {}

    /// These windows, which must be sorted by start.
    init(_ windows: [WindowState]) {
        guard let first = windows.first else { return }
        head = first
        tail = Array(windows.dropFirst())
    }

    /// Inserts `window` at `position` (`0...count`); the caller keeps the order by start.
    mutating func insert(_ window: consuming WindowState, at position: Int) {
        precondition(position >= 0 && position <= count, "window position \(position) out of range")
        guard position == 0 else {
            // Appending skips `insert`'s generic replace-subrange path (~470 instructions).
            if position == count { tail.append(window) } else { tail.insert(window, at: position - 1) }
            return
        }
        if let previous = head.take() { tail.insert(previous, at: 0) }
        head = window
    }

    /// Inserts `window` after every window starting no later than it (windows open in time
    /// order, so this is usually the end). Written out for the usual cases (no window yet; after
    /// the last): the generic path through the collection API cost ~375 instructions per window.
    /// Returns whether the list was empty. `consuming`: the window is moved in, not copied
    /// (a borrowed parameter cost a copy here and a destroy in the caller, ~180 instructions).
    @discardableResult
    mutating func insertSorted(_ window: consuming WindowState) -> Bool {
        guard let headStart = head?.bounds.start else {
            head = window
            return true
        }
        if headStart > window.bounds.start {
            insert(window, at: 0)
        } else if let position = tail.firstIndex(where: { $0.bounds.start > window.bounds.start }) {
            tail.insert(window, at: position)
        } else {
            tail.append(window)
        }
        return false
    }

    /// Folds `event` into the window at `position` in place (optional chaining mutates the inline
    /// window where it is; the generic `_modify` moves it out and back) and returns its id.
    mutating func add(_ event: Event, toWindowAt position: Int, keepsCauseFields: Bool) -> UInt64 {
        guard position == 0, head != nil else {
            tail[position - 1].add(event, keepsCauseFields: keepsCauseFields)
            return tail[position - 1].id
        }
        head?.add(event, keepsCauseFields: keepsCauseFields)
        return head?.id ?? 0
    }

    /// The positions of the windows overlapping `bounds` (half-open: touching is not
    /// overlapping), which for disjoint sorted sessions are one contiguous run; nil if none.
    func run(overlapping bounds: WindowBounds) -> ClosedRange<Int>? {
        let overlapping = indices.filter { self[$0].bounds.start < bounds.end && bounds.start < self[$0].bounds.end }
        guard let first = overlapping.first, let last = overlapping.last else { return nil }
        return first...last
    }

    /// Merges the sessions in `run` into its first one (which keeps its id), extends it to
    /// cover `own` and folds `event` in. Returns the survivor's id and the ids of the sessions
    /// merged away. The absorbed sessions are moved out; the survivor is never copied.
    mutating func mergeSessions(_ run: ClosedRange<Int>, covering own: WindowBounds, adding event: Event,
                                keepsCauseFields: Bool) -> (survivor: UInt64, absorbed: [UInt64]) {
        let first = run.lowerBound
        var absorbedIDs: [UInt64] = []
        for _ in run.dropFirst() {
            let absorbed = remove(at: first + 1)
            self[first].merge(absorbed)
            self[first].bounds.end = Swift.max(self[first].bounds.end, absorbed.bounds.end)
            absorbedIDs.append(absorbed.id)
        }
        let merged = self[first].bounds
        self[first].bounds = WindowBounds(start: Swift.min(merged.start, own.start), end: Swift.max(merged.end, own.end))
        self[first].add(event, keepsCauseFields: keepsCauseFields)
        return (self[first].id, absorbedIDs)
    }

    /// Removes and returns the window at `position`.
    @discardableResult
    mutating func remove(at position: Int) -> WindowState {
        guard position == 0, let removed = head.take() else { return tail.remove(at: position - 1) }
        if !tail.isEmpty { head = tail.removeFirst() }
        return removed
    }

    /// Drops every window (and the spill buffer).
    mutating func removeAll() {
        head = nil
        tail = []
    }

    /// The index of the window with these bounds. Reads the windows in place: the generic
    /// `firstIndex(where:)` copies each element out of the subscript (retaining its parts).
    func firstIndex(of bounds: WindowBounds) -> Int? {
        guard let headBounds = head?.bounds else { return nil }
        if headBounds == bounds { return 0 }
        return tail.firstIndex { $0.bounds == bounds }.map { $0 + 1 }
    }

    /// The bounds of the window at `position`, read in place (cheaper than the `_read`
    /// coroutine of the subscript on the close path).
    func bounds(at position: Int) -> WindowBounds {
        guard position == 0, let bounds = head?.bounds else { return tail[position - 1].bounds }
        return bounds
    }

    /// The index of the window with this id (see ``firstIndex(of:)``).
    func firstIndex(ofID id: UInt64) -> Int? {
        guard let headID = head?.id else { return nil }
        if headID == id { return 0 }
        return tail.firstIndex { $0.id == id }.map { $0 + 1 }
    }

    /// The windows as an array (checkpoints of several windows, tests).
    var array: [WindowState] {
        guard let head else { return [] }
        return [head] + tail
    }
}

extension WindowList: RandomAccessCollection, MutableCollection {
    var startIndex: Int { 0 }
    var endIndex: Int { head == nil ? 0 : 1 + tail.count }
    var isEmpty: Bool { head == nil }

    subscript(position: Int) -> WindowState {
        // `_read`, not `get`: reading one field of a window (`windows[i].bounds`) borrows it
        // instead of copying it out (retaining its cause's strings and arrays).
        _read {
            if position == 0, let head {
                yield head
            } else {
                yield tail[position - 1]
            }
        }
        _modify {
            // The head is moved out while the caller edits it, so its parts stay uniquely
            // referenced (no copy-on-write of the accumulators).
            if position == 0, var window = head.take() {
                defer { head = window }
                yield &window
            } else {
                yield &tail[position - 1]
            }
        }
    }
}
