import Foundation

/// A value shared between threads, reachable only while its lock is held: the one lock type of recon.
///
/// A class, so the lock has a stable address however the value is passed around. Every change wakes
/// the threads waiting in `wait(until:then:)`, which re-check their condition under the lock.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let condition = NSCondition()

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, under the lock.
    @discardableResult
    package func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Waits until `ready` holds for the value, then runs `body` with it, under the lock.
    package func wait<R>(until ready: (Value) -> Bool, then body: (inout Value) throws -> R) rethrows -> R {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        while !ready(value) { condition.wait() }
        return try body(&value)
    }
}
