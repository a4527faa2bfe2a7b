/// The state of the database a view was loaded from, as far as the view snapshot needs it: which
/// database, which schema, how many in-place changes (`Schema.viewEpochKey`), the last record and
/// file stored, and the roster in force.
///
/// A snapshot made at one stamp serves a later stamp of the same database when nothing was changed
/// in place since (same epoch): the records and ledger rows added since are read from the tables
/// (ids above the snapshot's), and the roster when another roster file replaced it.
struct ViewStamp: Equatable, Sendable {
    var databaseID: String
    var schemaVersion: Int64
    var epoch: Int64
    var maxRecordID: Int64
    var maxFileID: Int64
    /// meta `roster_file_id` ("" when no roster was stored).
    var rosterFile: String

    /// Reads the stamp of the database now. Cheap: a few meta rows and two primary-key maxima.
    static func read(_ store: Store) throws -> ViewStamp {
        let db = store.db
        return ViewStamp(
            databaseID: try store.meta(Schema.databaseIDKey) ?? "", schemaVersion: try db.scalarInt("PRAGMA user_version") ?? 0,
            epoch: Int64(try store.meta(Schema.viewEpochKey) ?? "") ?? -1,
            maxRecordID: try db.scalarInt("SELECT max(id) FROM records") ?? 0,
            maxFileID: try db.scalarInt("SELECT max(id) FROM files") ?? 0,
            rosterFile: try store.meta("roster_file_id") ?? "")
    }

    /// Why a snapshot made at `self` cannot serve the database at `now`, or nil when it can.
    func staleness(against now: ViewStamp) -> String? {
        if databaseID.isEmpty || databaseID != now.databaseID { return "made from another database" }
        if schemaVersion != now.schemaVersion { return "made under schema \(schemaVersion), the database has \(now.schemaVersion)" }
        if epoch != now.epoch { return "rows were changed or deleted since it was made" }
        if maxRecordID > now.maxRecordID || maxFileID > now.maxFileID { return "it holds rows the database does not" }
        return nil
    }

    func write(to w: inout SnapshotWriter) {
        w.put(texts: [databaseID, rosterFile])
        w.put(plain: [schemaVersion, epoch, maxRecordID, maxFileID])
    }

    init(from r: inout SnapshotReader) throws {
        let texts: [String] = try r.getTexts()
        let numbers = try r.get(plain: Int64.self)
        guard texts.count == 2, numbers.count == 4 else { throw SnapshotError.damaged("the stamp") }
        self.init(databaseID: texts[0], schemaVersion: numbers[0], epoch: numbers[1], maxRecordID: numbers[2],
                  maxFileID: numbers[3], rosterFile: texts[1])
    }

    init(databaseID: String, schemaVersion: Int64, epoch: Int64, maxRecordID: Int64, maxFileID: Int64, rosterFile: String) {
        self.databaseID = databaseID; self.schemaVersion = schemaVersion; self.epoch = epoch
        self.maxRecordID = maxRecordID; self.maxFileID = maxFileID; self.rosterFile = rosterFile
    }
}
