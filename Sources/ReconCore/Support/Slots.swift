/// A fixed number of result slots filled by worker threads and taken, in order, by one consumer.
package final class Slots<T>: Sendable {
    private let items: Locked<[T?]>

    package init(count: Int) { items = Locked([T?](repeating: nil, count: count)) }

    package func put(_ i: Int, _ value: T) {
        items.withLock { $0[i] = value }
    }

    /// Waits until slot `i` is filled, then empties it and returns its value.
    package func take(_ i: Int) -> T {
        items.wait(until: { $0[i] != nil }) { items in
            defer { items[i] = nil }
            return items[i]!
        }
    }

    /// Empties slot `i` and returns its value if it is filled; nil without waiting otherwise.
    package func takeIfFilled(_ i: Int) -> T? {
        items.withLock { items in
            defer { items[i] = nil }
            return items[i]
        }
    }

    /// Every filled slot, without waiting.
    package func drain() -> [T?] {
        items.withLock { items in
            defer { items = [] }
            return items
        }
    }
}
