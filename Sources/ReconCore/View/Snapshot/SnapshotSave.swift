import Dispatch

/// A view snapshot being written, on a thread of its own while the run goes on (the summaries and
/// the findings' transaction keep one core busy, the write, mostly copying into the page cache, takes
/// the other), or at once. The rules' texts it writes live until it has written them.
final class SnapshotSave: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var seconds = 0.0
    private var failure: Error?

    /// Whether the write goes on beside the run (else it was done before `init` returned).
    let beside: Bool

    init(_ view: JoinedView, _ texts: RuleTexts, stamp: ViewStamp, path: String, beside: Bool, releasing: Bool) {
        self.beside = beside
        let write: @Sendable () -> Void = { [self] in
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                try ViewSnapshot.write(view, texts, stamp: stamp, to: path, releasing: releasing)
            } catch {
                failure = error
            }
            seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            done.signal()
        }
        if beside { DispatchQueue.global(qos: .utility).async(execute: write) } else { write() }
    }

    /// Waits for the write; its time, and its error if it failed (the old snapshot, stale, then stays).
    func wait() -> (seconds: Double, error: Error?) {
        done.wait()
        done.signal()
        return (seconds, failure)
    }
}
