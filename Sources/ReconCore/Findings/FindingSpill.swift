import Foundation

/// The findings of one run, kept out of memory. Each chunk a rule's `FindingSink` hands over is
/// sorted (by key, then by the rules' order) and appended to an unlinked temporary file as one
/// sorted run; `merge` reads the runs back front to back in one k-way merge, in key order — the
/// order `Reconciler.upsert` writes rows in — and keeps, of equal keys, the first the rules gave:
/// the first rule to name a (code, subject) keeps it, and within a rule its first finding.
///
/// What stays in memory: a chunk per running rule while the rules run, a read buffer per run while
/// merging. The two big rules of a night without roster or ledger run side by side, so a rule's
/// array stored as it ends would hold half the night's findings.
public final class FindingSpill: @unchecked Sendable {
    /// 4 MiB: a night of 583k findings (~0.55 KB each as records) makes ~80 runs, 5 MB of read buffers.
    public static let defaultChunkBytes = 4 << 20
    static let readBufferBytes = 64 << 10

    /// A sink hands its chunk over once it holds this many bytes (tests lower it to 1: a run per finding).
    public let chunkBytes: Int
    private let file: SpillFile
    private struct Run {
        let offset: Int64, length: Int64
    }
    private struct State {
        var runs: [Run] = []
        var end: Int64 = 0
        var count = 0
        var error: Error?
    }
    private let state = Locked(State())

    /// A spill whose file is in `directory` (the database's: writable wherever the database is).
    public init(directory: String, chunkBytes: Int = defaultChunkBytes) throws {
        file = try SpillFile(directory: directory)
        self.chunkBytes = chunkBytes
    }

    /// The folder of a database file, for its runs' spills; the temporary folder for an in-memory one.
    public static func directory(forDatabase path: String) -> String {
        if path.isEmpty || path == ":memory:" || path.hasPrefix("file:") { return NSTemporaryDirectory() }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// The records handed over, a key given twice counted twice.
    public var count: Int { state.withLock { $0.count } }

    /// Sorts a chunk's records (starting at `starts`) and appends them as one run. A failure is kept
    /// for `merge` to throw: the rules that hand chunks over run on threads that cannot throw.
    func add(_ chunk: [UInt8], starts: [Int]) {
        guard !starts.isEmpty else { return }
        let sorted = chunk.withUnsafeBytes { c in
            var run: [UInt8] = []
            run.reserveCapacity(c.count)
            let records = starts.map { FindingRecord(at: c.baseAddress! + $0) }
            for r in records.sorted(by: FindingRecord.precedes) { run.append(contentsOf: r.bytes) }
            return run
        }
        let offset = state.withLock { s in
            defer { s.end += Int64(sorted.count) }
            s.runs.append(Run(offset: s.end, length: Int64(sorted.count)))
            s.count += starts.count
            return s.end
        }
        do {
            try sorted.withUnsafeBytes { try file.write($0, at: offset) }
        } catch {
            state.withLock { s in s.error = s.error ?? error }
        }
    }

    /// Every distinct key's record in key order (of equal keys the first the rules gave), each valid
    /// only during its call of `body`; every record, equal keys in the rules' order, if not `distinct`.
    func merge(distinct: Bool = true, _ body: (FindingRecord) throws -> Void) throws {
        let runs = try state.withLock { s in
            if let e = s.error { throw e }
            return s.runs
        }
        var readers: [SpillRunReader] = []
        for run in runs {
            let r = SpillRunReader(file, offset: run.offset, length: run.length, bufferBytes: Self.readBufferBytes)
            if try r.advance() { readers.append(r) }
        }
        // A binary heap of the readers by their current record.
        var heap = RecordHeap(readers)
        var last: [UInt8] = []
        var first = true
        while let top = heap.top {
            let r = top.record!
            if !distinct || first || last.withUnsafeBytes({ FindingRecord.compareKeys(r.key, $0) }) != 0 {
                last.removeAll(keepingCapacity: true)
                last.append(contentsOf: r.key)
                first = false
                try body(r)
            }
            if try top.advance() { heap.topChanged() } else { heap.removeTop() }
        }
    }
}

/// The merge's readers as a binary heap on (key, order) of their current record.
private struct RecordHeap {
    private var items: [SpillRunReader]

    init(_ readers: [SpillRunReader]) {
        items = readers
        for i in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    var top: SpillRunReader? { items.first }

    mutating func removeTop() {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        if !items.isEmpty { siftDown(0) }
    }

    /// The top reader advanced: its place again.
    mutating func topChanged() { siftDown(0) }

    private func less(_ i: Int, _ j: Int) -> Bool { FindingRecord.precedes(items[i].record!, items[j].record!) }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(l, m) { m = l }
            if r < items.count, less(r, m) { m = r }
            if m == i { return }
            items.swapAt(i, m)
            i = m
        }
    }
}
