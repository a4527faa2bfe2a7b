import SQLiteStore
/// What the summaries read from the store beyond the joined view: the stored roster lines' digests,
/// to write only what changed. (The records' agents and the ledger's 退费 rows come with the view.)
///
/// A read of its own, over its own connection beside the work on the view (`ReportSummaries.build`).
struct SummaryReads {
    /// `report_roster_lines`: record ids ascending, and their digests.
    var storedLines: [(id: Int64, digest: Int64)] = []

    static func load(_ db: Connection) throws -> SummaryReads {
        var out = SummaryReads()
        let lines = try RowCursor(db, "SELECT record_id, digest FROM report_roster_lines ORDER BY record_id")
        while try lines.step() { out.storedLines.append((lines.int(0), lines.int(1))) }
        return out
    }
}
