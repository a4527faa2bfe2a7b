import SQLiteStore

/// The records of a bulk load (`StoreWriter` in bulk mode): the load is one transaction, begun
/// here; the records' secondary indexes (`records_identity` among them) are dropped at its start
/// and built again from their stored SQL at its end (`StoreWriter.finishBulk`), by sorting, instead
/// of being updated one random key at a time; the identity check that `records_identity` did
/// (`ON CONFLICT … DO NOTHING`) is a map from each identity's hash to its primary row.
///
/// Rows get explicit ids, the ones SQLite would give them (the largest id plus one, in storing
/// order), and go in 32 to a statement. The first-sighting rule is the ordinary path's: a
/// re-sighting (a map hit) is decided on the stored primary, read by its id; a hit whose row is
/// another identity (two identities with one 64-bit hash) looks the identity up by scanning.
final class BulkRecords {
    /// Hash of (channel, kind, ref) → the id of that identity's primary row.
    private var primaries = PrimaryIDs()
    private var nextID: Int64
    /// `CREATE INDEX` statements of the records' secondary indexes, dropped for the load.
    let indexes: [String]
    let insert: BatchInsert<(record: PaymentRecord, fileID: Int64, id: Int64, primary: Bool)>
    private let byID: Statement
    /// The identity hash (settable so that tests make every identity collide).
    var key: (_ channel: String, _ kind: String, _ ref: String) -> UInt64 = BulkRecords.hash

    init(_ db: Connection) throws {
        try db.execute("BEGIN IMMEDIATE")
        let found = try db.prepare("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL
            ORDER BY name
            """, persistent: false).query()
        var indexes: [String] = []
        for row in found {
            guard case .text(let name) = row[0], case .text(let sql) = row[1] else { continue }
            try db.execute("DROP INDEX \"\(name)\"")
            indexes.append(sql)
        }
        self.indexes = indexes
        nextID = (try db.scalarInt("SELECT max(id) FROM records") ?? 0) + 1
        let stored = try db.prepare("SELECT id, channel, kind, ref FROM records WHERE is_primary = 1", persistent: false)
        while try stored.step() {
            primaries.set(Self.hash(stored.columnText(1) ?? "", stored.columnText(2) ?? "", stored.columnText(3) ?? ""),
                          stored.columnInt64(0))
        }
        insert = try BatchInsert(db, head: "INSERT INTO records(id, \(StoreWriter.recordColumns))", columns: 18) { s, b, row in
            s.bind(b + 1, row.id)
            StoreWriter.bindRecord(s, b + 1, row.record, fileID: row.fileID, primary: row.primary)
        }
        byID = try db.prepare("""
            SELECT r.channel, r.kind, r.ref, r.is_primary, COALESCE(f.file_date, ''), f.name, r.line_no
            FROM records r JOIN files f ON f.id = r.file_id WHERE r.id = ?
            """)
    }

    /// SipHash with the process's random seed: input files cannot be made to collide on purpose.
    static func hash(_ channel: String, _ kind: String, _ ref: String) -> UInt64 {
        var h = Hasher()
        h.combine(channel)
        h.combine(kind)
        h.combine(ref)
        return UInt64(bitPattern: Int64(h.finalize()))
    }

    /// Stores a file's records in line order under the first-sighting rule. New identities (nearly
    /// all) go in 32 to a statement; before a re-sighting is decided, what came before it is stored.
    func store(_ records: [PaymentRecord], fileID: Int64, fileName: String, fileDate: String,
               writer: StoreWriter) throws {
        var decided: [(index: Int, id: Int64, primary: Bool)] = []
        decided.reserveCapacity(records.count)
        func insertDecided() throws {
            try insert.insert(decided.lazy.map { (records[$0.index], fileID, $0.id, $0.primary) })
            decided.removeAll(keepingCapacity: true)
        }
        for (i, r) in records.enumerated() {
            let key = self.key(r.channel.rawValue, r.kind.rawValue, r.ref)
            let id = nextID
            nextID += 1
            guard let seen = primaries.insert(key, id) else {
                decided.append((i, id, true))
                continue
            }
            try insertDecided()
            let sighting = StoreWriter.Sighting(id: id, date: fileDate, name: fileName, line: r.line)
            let first: Bool
            if let stored = try primary(id: seen, of: r) {
                first = try writer.takesOver(from: stored, sighting)
                if first { primaries.set(key, id) }
            } else if let stored = try writer.primary(of: r) {
                first = try writer.takesOver(from: stored, sighting)
            } else {
                first = true   // a new identity whose hash another one has: found by the scan from now on
            }
            decided.append((i, id, first))
        }
        try insertDecided()
    }

    /// Row `id` as a sighting, when it is the primary of `r`'s identity (compared as bytes, as SQLite does).
    private func primary(id: Int64, of r: PaymentRecord) throws -> StoreWriter.Sighting? {
        byID.bind(1, id)
        defer { byID.reset() }
        guard try byID.step(), byID.columnInt64(3) == 1,
              byID.columnText(0) == r.channel.rawValue, byID.columnText(1) == r.kind.rawValue,
              byID.columnText(2).map({ $0.utf8.elementsEqual(r.ref.utf8) }) == true else { return nil }
        return StoreWriter.Sighting(id: id, date: byID.columnText(4) ?? "", name: byID.columnText(5) ?? "",
                                    line: Int(byID.columnInt64(6)))
    }
}

extension StoreWriter {
    /// Ends a bulk load: the last records, the ledger-only reversals' originals, the records'
    /// indexes, and the commit. Nothing to do for an ordinary writer.
    func finishBulk() throws {
        guard let bulk else { return }
        try resolveOriginals.run()
        for sql in bulk.indexes { try db.execute(sql) }
        try db.execute("COMMIT")
    }
}

/// Identity hashes → primary row ids: open addressing with linear probing on the hash itself (a
/// `Dictionary` would hash the hash again), at most three quarters full.
struct PrimaryIDs {
    private var keys = [UInt64](repeating: 0, count: 1 << 16)
    private var ids = [Int64](repeating: 0, count: 1 << 16)
    private var count = 0

    /// Key 0 marks an empty slot: a hash of 0 is stored as 1.
    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: key) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    /// The id stored under `key`; else stores `id` under it and returns nil.
    mutating func insert(_ key: UInt64, _ id: Int64) -> Int64? {
        let key = Self.stored(key)
        let i = slot(key)
        if keys[i] == key { return ids[i] }
        keys[i] = key
        ids[i] = id
        count += 1
        if count * 4 > keys.count * 3 { grow() }
        return nil
    }

    /// Stores `id` under `key`, replacing what was there.
    mutating func set(_ key: UInt64, _ id: Int64) {
        if insert(key, id) != nil { ids[slot(Self.stored(key))] = id }
    }

    private mutating func grow() {
        let oldKeys = keys, oldIDs = ids
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        ids = [Int64](repeating: 0, count: oldKeys.count * 2)
        for (i, k) in oldKeys.enumerated() where k != 0 {
            let j = slot(k)
            keys[j] = k
            ids[j] = oldIDs[i]
        }
    }
}
