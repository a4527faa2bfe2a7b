import Foundation

/// How far the parsers may run ahead of the writer: parsed files not yet taken by the writer, by
/// count and by their gzip'd size, with always room for one (a file larger than the budget parses
/// alone).
///
/// The writer stores files several to a transaction, so its work comes in bursts: while it commits,
/// the parsers must be able to fill the next batch, not stop four files ahead (county, first run:
/// the writer's wait for parsers 2.0–2.4 → 0.7 s with 64 files). The size bound keeps a city's
/// larger files from holding a window's worth of rows each.
final class ParseWindow: @unchecked Sendable {
    let maxFiles: Int
    let maxBytes: Int
    private let cond = NSCondition()
    private var files = 0
    private var bytes = 0
    private var closed = false

    init(maxFiles: Int, maxBytes: Int) {
        self.maxFiles = max(1, maxFiles)
        self.maxBytes = max(1, maxBytes)
    }

    /// Waits for room for a file of `size` gzip'd bytes and takes it; false once `close()` ran.
    func enter(size: Int) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        while !closed && !fits(size) { cond.wait() }
        if closed { return false }
        files += 1
        bytes += size
        return true
    }

    /// Whether a file of `size` bytes would enter now, without waiting.
    func hasRoom(for size: Int) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        return fits(size)
    }

    private func fits(_ size: Int) -> Bool {
        files == 0 || (files < maxFiles && bytes + size <= maxBytes)
    }

    /// The writer has taken a file of `size` bytes.
    func leave(size: Int) {
        cond.lock()
        files -= 1
        bytes -= size
        cond.broadcast()
        cond.unlock()
    }

    /// No more files will be taken (the ingest ended or stops): `enter` returns false from now on.
    func close() {
        cond.lock()
        closed = true
        cond.broadcast()
        cond.unlock()
    }
}
