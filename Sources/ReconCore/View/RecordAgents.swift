/// The agent (bank 网点号, POS / UnionPay 终端号) of each primary statement record that names one,
/// for the balance per agent. Filled by `JoinedView.loadRecords` in the same scan as the payments
/// (a scan of `records` of their own would cost as much again: 0.4 s a county, 4.4 s for the core
/// benchmark's 1.2M payments). Agents are interned: a county has a few hundred for 120k records.
struct RecordAgents {
    /// Agent texts; `agents` points here.
    private(set) var names: [String] = []
    /// Records with an agent, ascending by records.id, and their agents.
    private(set) var recordIDs: [Int64] = []
    private(set) var agents: [Int32] = []
    private var interned: [String: Int32] = [:]

    /// Adds a record's agent; records come ascending by id.
    mutating func add(recordID: Int64, agent bytes: UnsafeRawBufferPointer) {
        assert(recordIDs.last.map { $0 < recordID } ?? true, "records come ascending by id")
        // Agent numbers are short: small strings, no allocation.
        let text = String(decoding: bytes, as: UTF8.self)
        let k: Int32
        if let known = interned[text] {
            k = known
        } else {
            k = Int32(names.count)
            interned[text] = k
            names.append(text)
        }
        recordIDs.append(recordID)
        agents.append(k)
    }

    /// The agent of a record, -1 for none (a binary search: for the few reversals).
    func agent(ofRecord id: Int64) -> Int32 {
        var lo = 0, hi = recordIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if recordIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < recordIDs.count && recordIDs[lo] == id ? agents[lo] : -1
    }

    // MARK: Snapshot

    func write(to w: inout SnapshotWriter) {
        w.put(texts: names)
        w.put(plain: recordIDs)
        w.put(plain: agents)
    }

    init(from r: inout SnapshotReader) throws {
        names = try r.getTexts()
        recordIDs = try r.get(plain: Int64.self)
        agents = try r.get(plain: Int32.self)
        guard agents.count == recordIDs.count, agents.allSatisfy({ $0 >= 0 && $0 < names.count }) else {
            throw SnapshotError.damaged("the records' agents")
        }
        for (k, name) in names.enumerated() { interned[name] = Int32(k) }
    }

    init() {}
}
