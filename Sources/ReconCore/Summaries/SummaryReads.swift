/// What the summaries read from the store beyond the joined view: for the balance, the agent (bank
/// 网点号, POS / UnionPay 终端号) of each primary record that has one and the ledger 退费 rows of the
/// statement channels (the view keeps only their 个人缴费 rows); for writing only what changed, the
/// stored roster lines' digests.
///
/// Reads of their own, so the view's loaders stay as they are; `ReportSummaries.build` makes them
/// over their own connection beside the work on the view. Agents are interned (a county has a few
/// hundred for 120k records), so a record's agent is an `Int32`.
struct SummaryReads {
    /// One ledger 退费 row of a statement channel (amount negative, as booked).
    struct Refund {
        var channel: Channel
        var channelRef: String
        var paidAt: LocalDateTime
        var amountFen: Int64
    }

    /// Agent texts; `recordAgents` points here.
    var agents: [String] = []
    /// Primary records with a non-empty agent, ascending by records.id, and their agents.
    var recordIDs: [Int64] = []
    var recordAgents: [Int32] = []
    var refunds: [Refund] = []
    /// `report_roster_lines`: record ids ascending, and their digests.
    var storedLines: [(id: Int64, digest: Int64)] = []

    /// The agent of a record, -1 for none (a binary search: for the few reversals).
    func agent(ofRecord id: Int64) -> Int32 {
        var lo = 0, hi = recordIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if recordIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < recordIDs.count && recordIDs[lo] == id ? recordAgents[lo] : -1
    }

    static func load(_ db: Connection) throws -> SummaryReads {
        var out = SummaryReads()
        let statement = Channel.allCases.filter { !$0.isLedgerOnly }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var interned: [String: Int32] = [:]
        // records.id is the rowid: the scan returns them ascending.
        let a = try RowCursor(db, """
            SELECT id, agent FROM records
            WHERE is_primary = 1 AND agent IS NOT NULL AND agent <> '' AND channel IN (\(statement)) ORDER BY id
            """)
        while try a.step() {
            // Agent numbers are short: small strings, no allocation.
            let text = a.text(1)
            let k: Int32
            if let known = interned[text] {
                k = known
            } else {
                k = Int32(out.agents.count)
                interned[text] = k
                out.agents.append(text)
            }
            out.recordIDs.append(a.int(0))
            out.recordAgents.append(k)
        }
        let r = try RowCursor(db, """
            SELECT \(JoinedView.channelCase), channel_ref, paid_at, amount_fen FROM ledger
            WHERE pay_type = 'refund' AND channel IN (\(statement))
            """)
        while try r.step() {
            let ch = Int(r.int(0))
            guard ch >= 0 else { continue }
            out.refunds.append(Refund(channel: JoinedView.channels[ch], channelRef: r.text(1),
                                      paidAt: r.dateTime(2) ?? LocalDateTime(seconds: 0), amountFen: r.int(3)))
        }
        let lines = try RowCursor(db, "SELECT record_id, digest FROM report_roster_lines ORDER BY record_id")
        while try lines.step() { out.storedLines.append((lines.int(0), lines.int(1))) }
        return out
    }
}
