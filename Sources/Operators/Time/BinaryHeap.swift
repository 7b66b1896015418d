/// An element that knows its place in a ``BinaryHeap``: `precedes` must be a strict total
/// order, so that what comes out first never depends on the heap's internal layout.
protocol HeapOrdered: Sendable {
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

/// A binary min-heap over an array, shared by the operators' timer queue and the patterns'
/// event-time buffer. A protocol rather than a stored comparison closure, so the compiler
/// specialises the comparisons on the hot path.
struct BinaryHeap<Element: HeapOrdered>: Sendable {
    private(set) var elements: [Element] = []

    var count: Int { elements.count }
    var isEmpty: Bool { elements.isEmpty }
    var first: Element? { elements.first }

    mutating func insert(_ element: Element) {
        elements.append(element)
        siftUp(elements.count - 1)
    }

    /// Removes and returns the first element if `isDue` holds for it.
    mutating func popFirst(if isDue: (Element) -> Bool) -> Element? {
        guard let first = elements.first, isDue(first) else { return nil }
        let last = elements.removeLast()
        if !elements.isEmpty {
            elements[0] = last
            siftDown(0)
        }
        return first
    }

    mutating func removeAll(where shouldRemove: (Element) -> Bool) {
        elements.removeAll(where: shouldRemove)
        for i in stride(from: elements.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    // Both sifts work on the array's buffer: elements are compared in place (borrowed), where
    // `elements[i]` handed `precedes` a copy of each, retaining and releasing the timer's key
    // at every step.

    private mutating func siftUp(_ index: Int) {
        elements.withUnsafeMutableBufferPointer { buffer in
            var child = index
            while child > 0 {
                let parent = (child - 1) / 2
                guard Element.precedes(buffer[child], buffer[parent]) else { return }
                buffer.swapAt(child, parent)
                child = parent
            }
        }
    }

    private mutating func siftDown(_ index: Int) {
        elements.withUnsafeMutableBufferPointer { buffer in
            var parent = index
            let n = buffer.count
            while true {
                let l = 2 * parent + 1, r = l + 1
                var best = parent
                if l < n && Element.precedes(buffer[l], buffer[best]) { best = l }
                if r < n && Element.precedes(buffer[r], buffer[best]) { best = r }
                if best == parent { return }
                buffer.swapAt(parent, best)
                parent = best
            }
        }
    }
}
