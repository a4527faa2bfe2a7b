import Foundation

/// How far the parsers may run ahead of the writer: parsed files not yet taken by the writer, by
/// count and by their gzip'd size, with always room for one (a file larger than the budget parses
/// alone).
///
/// The writer stores files several to a transaction, so its work comes in bursts: while it commits,
/// the parsers must be able to fill the next batch, not stop four files ahead, or the writer waits
/// for parsers after every commit. The size bound keeps a city's
/// larger files from holding a window's worth of rows each.
final class ParseWindow: Sendable {
    let maxFiles: Int
    let maxBytes: Int
    private struct State {
        var files = 0
        var bytes = 0
        var closed = false
    }
    private let state = Locked(State())

    init(maxFiles: Int, maxBytes: Int) {
        self.maxFiles = max(1, maxFiles)
        self.maxBytes = max(1, maxBytes)
    }

    /// Waits for room for a file of `size` gzip'd bytes and takes it; false once `close()` ran.
    func enter(size: Int) -> Bool {
        state.wait(until: { $0.closed || fits(size, $0) }) { s in
            if s.closed { return false }
            s.files += 1
            s.bytes += size
            return true
        }
    }

    /// Whether a file of `size` bytes would enter now, without waiting.
    func hasRoom(for size: Int) -> Bool {
        state.withLock { fits(size, $0) }
    }

    private func fits(_ size: Int, _ s: State) -> Bool {
        s.files == 0 || (s.files < maxFiles && s.bytes + size <= maxBytes)
    }

    /// The writer has taken a file of `size` bytes.
    func leave(size: Int) {
        state.withLock { s in
            s.files -= 1
            s.bytes -= size
        }
    }

    /// No more files will be taken (the ingest ended or stops): `enter` returns false from now on.
    func close() {
        state.withLock { $0.closed = true }
    }
}
