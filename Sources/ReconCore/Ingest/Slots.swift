import Foundation

/// A fixed number of result slots filled by worker threads and taken, in order, by one consumer.
///
/// The one place the ingest shares mutable state across threads: every access holds the condition's lock.
final class Slots<T>: @unchecked Sendable {
    private var items: [T?]
    private let cond = NSCondition()

    init(count: Int) { items = [T?](repeating: nil, count: count) }

    func put(_ i: Int, _ value: T) {
        cond.lock()
        items[i] = value
        cond.broadcast()
        cond.unlock()
    }

    /// Waits until slot `i` is filled, then empties it and returns its value.
    func take(_ i: Int) -> T {
        cond.lock()
        defer { cond.unlock() }
        while items[i] == nil { cond.wait() }
        let v = items[i]!
        items[i] = nil
        return v
    }

    /// Empties slot `i` and returns its value if it is filled; nil without waiting otherwise.
    func takeIfFilled(_ i: Int) -> T? {
        cond.lock()
        defer { cond.unlock() }
        let v = items[i]
        items[i] = nil
        return v
    }

    /// Every filled slot, without waiting.
    func drain() -> [T?] {
        cond.lock()
        defer { cond.unlock() }
        let v = items
        items = []
        return v
    }
}
