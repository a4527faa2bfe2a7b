import SQLiteStore
/// The single writer: stores parsed files, several to a transaction, with prepared statements.
///
/// A file's rows, rejects and its `files` row commit together or not at all, so a crash never
/// leaves half a file behind.
///
/// While a writer lives its connection does not check foreign keys: every row it inserts names
/// the `files` row it inserted first in the same transaction, so the per-row parent lookup only
/// would cost time (about a third of a bulk insert). Tests run `PRAGMA foreign_key_check` after ingests.
///
/// Rows reach each B-tree in key order where the order is the writer's to choose: a batch's ledger
/// rows are inserted sorted by ticket, records and roster rows get rowids in storing order. In bulk
/// mode (`BulkRecords`: a new or empty database built in its side file, `SideFile`) the whole ingest
/// is one transaction, the records' identities are checked in memory and their secondary indexes
/// are built once at the end (`finishBulk`).
public final class StoreWriter {
    let store: Store
    let db: Connection
    let insertFile: Statement
    let insertBytes: Statement
    let insertReject: Statement
    let insertRecord: Statement
    let findPrimary: Statement
    let demote: Statement
    let insertLedger: BatchInsert<(LedgerRow, Int64)>
    /// The batch's ledger rows, inserted in ticket order when the batch has been stored (`storeLedgerRows`).
    var ledgerRows: [(row: LedgerRow, fileID: Int64)] = []
    let insertEnrollment: BatchInsert<(EnrollmentRow, Int64)>
    let insertDeath: Statement
    let insertAssistance: Statement
    let insertEmployee: Statement
    let insertDisbursement: Statement
    let resolveOriginals: Statement
    /// Set in bulk mode.
    let bulk: BulkRecords?

    /// - Parameter bulk: write the whole ingest as one transaction, the records' identities checked in
    ///   memory and their indexes built by `finishBulk` (for a side file, whose failed load is thrown
    ///   away: without a journal nothing can be rolled back).
    public init(store: Store, bulk: Bool = false) throws {
        self.store = store
        let db = store.db
        self.db = db
        try db.execute("PRAGMA foreign_keys=OFF")
        try db.execute("PRAGMA wal_autocheckpoint=\(Self.ingestCheckpointPages)")
        insertFile = try db.prepare("""
            INSERT INTO files(name, sha256, format, file_date, status, rows, rejected_rows, error, received_at, size,
                              sets_as_of, run_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertBytes = try db.prepare("INSERT INTO quarantined_bytes(file_id, bytes) VALUES (?, ?)")
        insertReject = try db.prepare("INSERT INTO rejects(file_id, line_no, reason, raw) VALUES (?, ?, ?, ?)")
        insertRecord = try db.prepare("""
            INSERT INTO records(\(Self.recordColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(channel, kind, ref) WHERE is_primary = 1 DO NOTHING
            """)
        findPrimary = try db.prepare("""
            SELECT r.id, COALESCE(f.file_date, ''), f.name, r.line_no FROM records r JOIN files f ON f.id = r.file_id
            WHERE r.channel = ? AND r.kind = ? AND r.ref = ? AND r.is_primary = 1
            """)
        demote = try db.prepare("UPDATE records SET is_primary = 0 WHERE id = ?")
        insertLedger = try BatchInsert(db, head: """
            INSERT INTO ledger(ticket, id_number, id_valid, name, insurance, year, pay_type, amount_fen, channel,
                               channel_ref, paid_at, booked_on, town_code, original_ticket, file_id, line_no)
            """, columns: 16, conflict: "ON CONFLICT(ticket) DO NOTHING") { s, b, row in
            let (l, fileID) = row
            s.bind(b + 1, l.ticket); s.bind(b + 2, l.idText); s.bind(b + 3, l.idValid ? 1 : 0); s.bind(b + 4, l.name)
            s.bind(b + 5, l.insurance.rawValue); s.bind(b + 6, l.year); s.bind(b + 7, l.payType.rawValue)
            s.bind(b + 8, l.amountFen); s.bind(b + 9, l.channel.rawValue); s.bind(b + 10, l.channelRef)
            s.bind(b + 11, l.paidAt); s.bind(b + 12, l.bookedOn); s.bind(b + 13, l.townCode)
            s.bind(b + 14, l.originalTicket); s.bind(b + 15, fileID); s.bind(b + 16, l.line)
        }
        insertEnrollment = try BatchInsert(db, head: """
            INSERT INTO enrollment(id_number, id_valid, name, sex, birth_date, household, town_code, village_code,
                                   village_name, insurance, status, residence, student, tier_yuan, registered_on,
                                   file_id, line_no)
            """, columns: 17) { s, b, row in
            let (e, fileID) = row
            s.bind(b + 1, e.idText)
            s.bind(b + 2, e.idValid ? 1 : 0)
            s.bind(b + 3, e.name)
            s.bind(b + 4, e.sex)
            s.bind(b + 5, e.birthDate)
            s.bind(b + 6, e.household)
            s.bind(b + 7, e.townCode)
            s.bind(b + 8, e.villageCode)
            s.bind(b + 9, e.villageName)
            s.bind(b + 10, e.insurance.rawValue)
            s.bind(b + 11, e.status.rawValue)
            s.bind(b + 12, e.residence)
            s.bind(b + 13, e.student ? 1 : 0)
            if let t = e.tierYuan { s.bind(b + 14, t) } else { s.bindNull(b + 14) }
            s.bind(b + 15, e.registeredOn)
            s.bind(b + 16, fileID)
            s.bind(b + 17, e.line)
        }
        insertDeath = try db.prepare("""
            INSERT INTO deaths(id_number, id_valid, name, death_date, source, notice_date, file_id, file_date,
                               file_name, line_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertAssistance = try db.prepare("""
            INSERT INTO assistance(id_number, id_valid, name, category, insurance, department, recognised_on, ends_on,
                                   file_id, line_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertEmployee = try db.prepare("""
            INSERT INTO employee(id_number, id_valid, name, insurance, employer, starts_on, ends_on, file_id, line_no)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        resolveOriginals = try db.prepare("""
            UPDATE records SET original_ref = (SELECT l.channel_ref FROM ledger l WHERE l.ticket = records.original_ticket)
            WHERE original_ticket IS NOT NULL AND original_ref IS NULL
              AND EXISTS (SELECT 1 FROM ledger l WHERE l.ticket = records.original_ticket)
            """)
        insertDisbursement = try db.prepare("""
            INSERT INTO disbursement(town_code, insurance, category, persons, amount_fen, file_id, file_date,
                                     file_name, line_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Last: it drops the indexes the statements above were prepared with.
        self.bulk = bulk ? try BulkRecords(db) : nil
    }

    /// The columns `bindRecord` binds, in its order.
    static let recordColumns = """
        channel, kind, ref, original_ref, original_ticket, id_number, id_valid, insurance, year, amount_fen, paid_at,
        payer_key, name, agent, file_id, line_no, is_primary
        """

    deinit {
        try? db.execute("PRAGMA foreign_keys=ON")
        try? db.execute("PRAGMA wal_autocheckpoint=\(Self.defaultCheckpointPages)")
    }

    /// While a writer lives, the WAL is copied back into the database once it holds 64 MB, not
    /// SQLite's default 4 MB: an ingest rewrites the same index pages batch after batch, and each
    /// checkpoint copies them (and syncs) again; at 64 MB that happens a few times an ingest, not
    /// every few batches.
    static let ingestCheckpointPages = 16_384
    static let defaultCheckpointPages = 1_000

    /// From this many data lines on, a transaction is written with a larger page cache (see
    /// `withPageCache`); internal and settable so tests take that path with small files.
    var largeFileRows = 50_000

    /// Records a byte-identical re-delivery: a `files` row with status `duplicate`, nothing else.
    func recordDuplicate(name: String, sha256: String, size: Int, format: String?, fileDate: LocalDate?,
                                receivedAt: String, runID: Int64?) throws {
        try transaction {
            _ = try fileRow(name: name, sha256: sha256, format: format, fileDate: fileDate, status: .duplicate,
                            rows: 0, rejected: 0, error: nil, receivedAt: receivedAt, size: size, setsAsOf: false,
                            runID: runID)
        }
    }

    /// Stores one parsed file in one transaction.
    ///
    /// - Parameter superseded: a good roster snapshot older than another good one of the same batch:
    ///   its `files` row and rejects are stored, its rows are not (the newer snapshot replaces them).
    @discardableResult
    public func write(_ file: ParsedFile, receivedAt: String, runID: Int64?, superseded: Bool = false) throws -> FileStatus {
        var result = FileStatus.ingested
        try write(batch: [(file, superseded)], receivedAt: receivedAt, runID: runID) { _, r in result = r }
        return result
    }

    /// Stores several parsed files in one transaction, in order; `committed` hears of each file
    /// once its rows are durable in the database (in WAL terms: committed), never before.
    ///
    /// A commit rewrites every page the transaction touched, and a county's first run is 1,800
    /// files, most of them a day's few hundred payments spread over the same index pages: one
    /// transaction per file wrote the WAL ~3 times the database's size. When the batch fails (a
    /// full disk, a lock held too long), it rolls back whole and its files are stored again one
    /// transaction each, so the files before the failing one are kept, as they would have been
    /// one by one, and the failing file's error is the one thrown.
    ///
    /// - Parameter batch: each file, and whether it is a superseded roster snapshot (see `write`).
    public func write(batch: [(file: ParsedFile, superseded: Bool)], receivedAt: String, runID: Int64?,
                      committed: (Int, FileStatus) -> Void) throws {
        guard !batch.isEmpty else { return }
        func storedAll() throws -> [FileStatus] {
            let results = try batch.map { try stored($0.file, superseded: $0.superseded, receivedAt: receivedAt, runID: runID) }
            try storeLedgerRows()
            return results
        }
        if bulk != nil {
            // Part of the load's one transaction: a failure throws the side file away.
            for (i, r) in try storedAll().enumerated() { committed(i, r) }
            return
        }
        do {
            let results = try withPageCache(rows: batch.reduce(0) { $0 + $1.file.dataRows }) {
                try db.transaction { try storedAll() }
            }
            for (i, r) in results.enumerated() { committed(i, r) }
        } catch {
            ledgerRows.removeAll()
            guard batch.count > 1 else { throw error }
            for (i, entry) in batch.enumerated() {
                try write(batch: [entry], receivedAt: receivedAt, runID: runID) { _, r in committed(i, r) }
            }
        }
    }

    /// Runs `body` in a transaction of its own, or in bulk mode in the load's.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        bulk != nil ? try body() : try db.transaction(body)
    }

    /// Inserts the batch's ledger rows sorted by ticket: a B-tree fed in key order fills each page
    /// once instead of splitting pages all over the tree. Rows with the same ticket keep their
    /// storing order, so the first stored still stands (`ON CONFLICT(ticket) DO NOTHING`).
    func storeLedgerRows() throws {
        guard !ledgerRows.isEmpty else { return }
        defer { ledgerRows.removeAll(keepingCapacity: true) }
        // By ticket, then by bytes (canonically equal texts differ in SQLite), then in storing order.
        let rows = ledgerRows
        let order = rows.indices.sorted { a, b in
            let x = rows[a].row.ticket, y = rows[b].row.ticket
            if x != y { return x < y }
            return x.utf8.elementsEqual(y.utf8) ? a < b : x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        try insertLedger.insert(order.lazy.map { rows[$0] })
        // A ledger-only reversal points at a ticket; its 渠道流水号 names the original payment (in
        // bulk mode once, at the end).
        if bulk == nil { try resolveOriginals.run() }
    }

    /// Runs `body` with a 64 MB page cache when it writes `rows` or more data rows.
    ///
    /// A large transaction with SQLite's default 2 MB page cache spills its index pages to the WAL
    /// and reads them back row after row; 64 MB holds a large file's index pages. Small batches keep
    /// the default, and so the memory.
    func withPageCache<T>(rows: Int, _ body: () throws -> T) throws -> T {
        let previousCache = rows >= largeFileRows ? try db.scalarInt("PRAGMA cache_size") : nil
        if previousCache != nil { try db.execute("PRAGMA cache_size = -65536") }
        defer { if let previousCache { try? db.execute("PRAGMA cache_size = \(previousCache)") } }
        return try body()
    }

    /// One file's rows inside the caller's transaction.
    func stored(_ file: ParsedFile, superseded: Bool, receivedAt: String, runID: Int64?) throws -> FileStatus {
        switch file.outcome {
        case .quarantined(let error):
            let id = try fileRow(name: file.name, sha256: file.sha256, format: file.format?.name,
                                 fileDate: file.fileDate, status: .quarantined, rows: file.dataRows, rejected: 0,
                                 error: error.description, receivedAt: receivedAt, size: file.size, setsAsOf: false,
                                 runID: runID)
            insertBytes.bind(1, id)
            insertBytes.bindBlob(2, file.bytes)
            try insertBytes.run()
            return .quarantined
        case .content(let content):
            let id = try fileRow(name: file.name, sha256: file.sha256, format: file.format?.name,
                                 fileDate: file.fileDate, status: .ingested, rows: file.dataRows,
                                 rejected: file.rejects.count, error: nil, receivedAt: receivedAt, size: file.size,
                                 setsAsOf: file.format?.isStatementOrLedger ?? false, runID: runID)
            for r in file.rejects {
                try insertReject.run([.int(id), .int(Int64(r.line)), .text(r.reason), .text(r.raw)])
            }
            if !superseded { try store(content, fileID: id, file: file) }
            return .ingested
        }
    }

    func fileRow(name: String, sha256: String, format: String?, fileDate: LocalDate?, status: FileStatus, rows: Int,
                 rejected: Int, error: String?, receivedAt: String, size: Int, setsAsOf: Bool, runID: Int64?) throws -> Int64 {
        try insertFile.run([
            .text(name), .text(sha256), format.map(SQLValue.text) ?? .null,
            fileDate.map { .text($0.description) } ?? .null, .text(status.rawValue), .int(Int64(rows)), .int(Int64(rejected)),
            error.map(SQLValue.text) ?? .null, .text(receivedAt), .int(Int64(size)), .int(setsAsOf ? 1 : 0),
            runID.map(SQLValue.int) ?? .null,
        ])
        return db.lastInsertRowID
    }

    func store(_ content: FileContent, fileID: Int64, file: ParsedFile) throws {
        let date = file.fileDate?.description ?? ""
        switch content {
        case .payments(let records):
            try storeRecords(records, fileID: fileID, fileName: file.name, fileDate: date)
        case .ledger(let rows):
            ledgerRows.append(contentsOf: rows.lazy.map { ($0, fileID) })
            try storeRecords(rows.compactMap(\.asPaymentRecord), fileID: fileID, fileName: file.name, fileDate: date)
        case .enrollment(let rows):
            try storeRoster(rows, fileID: fileID, file: file)
        case .deaths(let rows):
            for d in rows {
                try insertDeath.run([
                    .text(d.idText), .int(d.idValid ? 1 : 0), .text(d.name), .text(d.deathDate.description),
                    .text(d.source), .text(d.noticeDate.description), .int(fileID), .text(date), .text(file.name),
                    .int(Int64(d.line)),
                ])
            }
        case .assistance(let rows):
            for a in rows {
                try insertAssistance.run([
                    .text(a.idText), .int(a.idValid ? 1 : 0), .text(a.name), .text(a.category),
                    .text(a.insurance.rawValue), .text(a.department), .text(a.recognisedOn.description),
                    a.endsOn.map { .text($0.description) } ?? .null, .int(fileID), .int(Int64(a.line)),
                ])
            }
        case .employee(let rows):
            for e in rows {
                try insertEmployee.run([
                    .text(e.idText), .int(e.idValid ? 1 : 0), .text(e.name), .text(e.insurance.rawValue),
                    .text(e.employer), .text(e.startsOn.description), e.endsOn.map { .text($0.description) } ?? .null,
                    .int(fileID), .int(Int64(e.line)),
                ])
            }
        case .disbursement(let rows):
            for d in rows {
                try insertDisbursement.run([
                    .text(d.townCode), .text(d.insurance.rawValue), .text(d.category.rawValue),
                    .int(Int64(d.persons)), .int(d.amountFen), .int(fileID), .text(date), .text(file.name),
                    .int(Int64(d.line)),
                ])
            }
        }
    }

    /// A snapshot newer (by file date, then name) than the current roster replaces it whole.
    func storeRoster(_ rows: [EnrollmentRow], fileID: Int64, file: ParsedFile) throws {
        let key = "\(file.fileDate?.description ?? "")|\(file.name)"
        if let current = try store.meta("roster"), current >= key { return }
        try db.execute("DELETE FROM enrollment")
        try insertEnrollment.insert(rows.lazy.map { ($0, fileID) })
        try store.setMeta("roster", key)
        try store.setMeta("roster_file_id", String(fileID))
    }

    /// Inserts a file's sightings, in line order; the earliest (file date, file name, line) of an
    /// identity is its primary.
    func storeRecords(_ records: [PaymentRecord], fileID: Int64, fileName: String, fileDate: String) throws {
        if let bulk { return try bulk.store(records, fileID: fileID, fileName: fileName, fileDate: fileDate, writer: self) }
        for r in records { try storeRecord(r, fileID: fileID, fileName: fileName, fileDate: fileDate) }
    }

    func storeRecord(_ r: PaymentRecord, fileID: Int64, fileName: String, fileDate: String) throws {
        try insertRecord.insert { Self.bindRecord($0, 0, r, fileID: fileID, primary: true) }
        if db.changes > 0 { return }
        // The identity is already stored: keep whichever sighting comes first.
        let first = try takesOver(from: try primary(of: r), Sighting(id: 0, date: fileDate, name: fileName, line: r.line))
        try insertRecord.insert { Self.bindRecord($0, 0, r, fileID: fileID, primary: first) }
    }

    /// A record's file and line, for the first-sighting rule; `id` is its row's.
    struct Sighting {
        var id: Int64
        var date: String
        var name: String
        var line: Int

        /// Earlier by (file date, file name, line).
        func precedes(_ other: Sighting) -> Bool { (date, name, line) < (other.date, other.name, other.line) }
    }

    /// The stored primary sighting of `r`'s identity, if any.
    func primary(of r: PaymentRecord) throws -> Sighting? {
        findPrimary.bind(1, r.channel.rawValue)
        findPrimary.bind(2, r.kind.rawValue)
        findPrimary.bind(3, r.ref)
        defer { findPrimary.reset() }
        guard try findPrimary.step() else { return nil }
        return Sighting(id: findPrimary.columnInt64(0), date: findPrimary.columnText(1) ?? "",
                        name: findPrimary.columnText(2) ?? "", line: Int(findPrimary.columnInt64(3)))
    }

    /// Whether `new` comes before the stored primary `existing`; if so, `existing` is demoted.
    func takesOver(from existing: Sighting?, _ new: Sighting) throws -> Bool {
        guard let existing, new.precedes(existing) else { return false }
        try demote.run([.int(existing.id)])
        return true
    }

    /// Binds a record's `recordColumns` at parameters `base + 1 …`.
    @inline(__always)
    static func bindRecord(_ s: Statement, _ base: Int32, _ r: PaymentRecord, fileID: Int64, primary: Bool) {
        s.bind(base + 1, r.channel.rawValue)
        s.bind(base + 2, r.kind.rawValue)
        s.bind(base + 3, r.ref)
        s.bind(base + 4, r.originalRef)
        s.bind(base + 5, r.originalTicket)
        s.bind(base + 6, r.idText)
        s.bind(base + 7, r.idValid ? 1 : 0)
        s.bind(base + 8, r.insurance.rawValue)
        s.bind(base + 9, r.year)
        s.bind(base + 10, r.amountFen)
        s.bind(base + 11, r.paidAt)
        s.bind(base + 12, r.payerKey)
        s.bind(base + 13, r.name)
        s.bind(base + 14, r.agent)
        s.bind(base + 15, fileID)
        s.bind(base + 16, r.line)
        s.bind(base + 17, primary ? 1 : 0)
    }
}

extension Statement {
    /// Binds with `body`, steps once and resets: one row in, no array of values per row.
    @inline(__always)
    func insert(_ body: (Statement) -> Void) throws {
        body(self)
        defer { reset() }
        _ = try step()
    }
}
