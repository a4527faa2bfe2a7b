import Dispatch
import Foundation

/// Parses the new arrivals on dedicated threads, ahead of the single writer, and hands each parsed
/// file over in storing order.
///
/// Roster snapshots are the largest files and only the newest good one is stored row by row, so they
/// parse first, one after the other, newest first, beside the window: once a good one is in hand, an
/// older one is only checked (rows built, counted, not kept) for its `files` row and rejects, so a
/// year's roster is held in memory once, and not for the whole ingest. Every other file parses within
/// a `ParseWindow`, at most one parse per worker, and its bytes are let go once parsed (a quarantined
/// file keeps them, to be stored).
final class ParseStage {
    /// Indexes of the roster snapshots, newest first: the order they parse and are stored in.
    let rosterOrder: [Int]
    /// Indexes of the other files, in storing order.
    let parseOrder: [Int]
    /// Seconds the writer spent waiting in `take`.
    private(set) var waited = 0.0

    private let sources: Slots<Arrival>
    private let results: Slots<ParsedFile>
    private let sizes: [Int]
    private let window: ParseWindow
    private let reader: FileReader
    private let workers: Int
    private let group = DispatchGroup()
    private let feederDone = DispatchSemaphore(value: 0)
    private let queue = DispatchQueue(label: "recon.parse", qos: .userInitiated, attributes: .concurrent)

    /// - Parameter arrivals: the files to parse, in storing order.
    init(_ arrivals: [Arrival], reader: FileReader, workers: Int, aheadFiles: Int, aheadBytes: Int) {
        let rosters = arrivals.indices.filter { arrivals[$0].recognised?.isRoster == true }
        rosterOrder = rosters.reversed()
        parseOrder = arrivals.indices.filter { arrivals[$0].recognised?.isRoster != true }
        sources = Slots(count: arrivals.count)
        for (i, a) in arrivals.enumerated() { sources.put(i, a) }
        results = Slots(count: arrivals.count)
        sizes = arrivals.map(\.bytes.count)
        window = ParseWindow(maxFiles: aheadFiles, maxBytes: aheadBytes)
        self.reader = reader
        self.workers = workers
    }

    /// Starts the parsers: the roster job, and a feeder thread that starts one parse per free worker
    /// while the window has room.
    func start() {
        let (sources, results, reader, rosterOrder) = (sources, results, reader, rosterOrder)
        if !rosterOrder.isEmpty {
            group.enter()
            queue.async { [group] in
                var newerIsGood = false
                for i in rosterOrder {
                    let a = sources.take(i)
                    let file = reader.read(name: a.name, as: a.recognised, bytes: a.bytes, sha256: a.sha256,
                                           keepRows: !newerIsGood)
                    if case .content(.enrollment) = file.outcome { newerIsGood = true }
                    results.put(i, file)
                }
                group.leave()
            }
        }
        let (parseOrder, sizes, window, group, queue, done) = (parseOrder, sizes, window, group, queue, feederDone)
        let running = DispatchSemaphore(value: workers)
        Thread {
            defer { done.signal() }
            for i in parseOrder {
                // A parser first, then room in the window: a stop (`close`) that comes while waiting for
                // either starts no further parse.
                running.wait()
                guard window.enter(size: sizes[i]) else {
                    running.signal()
                    return
                }
                group.enter()
                queue.async {
                    let a = sources.take(i)
                    results.put(i, reader.read(name: a.name, as: a.recognised, bytes: a.bytes, sha256: a.sha256))
                    running.signal()
                    group.leave()
                }
            }
        }.start()
    }

    /// The parsed file `i` of `parseOrder`, waiting for it; its room in the window is freed.
    func take(_ i: Int) -> ParsedFile {
        let asked = DispatchTime.now().uptimeNanoseconds
        let file = results.take(i)
        waited += Double(DispatchTime.now().uptimeNanoseconds - asked) / 1e9
        window.leave(size: sizes[i])
        return file
    }

    /// The parsed roster `i` of `rosterOrder`: waiting for it, or nil at once when it is not parsed yet.
    func takeRoster(_ i: Int, wait: Bool) -> ParsedFile? {
        let asked = DispatchTime.now().uptimeNanoseconds
        defer { waited += Double(DispatchTime.now().uptimeNanoseconds - asked) / 1e9 }
        return wait ? results.take(i) : results.takeIfFilled(i)
    }

    /// Starts no further parse and waits for the running ones to end.
    func finish() {
        window.close()
        feederDone.wait()
        group.wait()
    }
}
