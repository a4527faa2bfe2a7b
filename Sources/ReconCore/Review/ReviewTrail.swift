import SQLiteStore

/// The review decisions as a hash chain that cannot be quietly rewritten: each entry's `hash` is the
/// SHA-256 of the previous entry's hash and its own content (id, code, subject, state, reviewer, note,
/// time), and meta `review_trail_head` holds the number of entries and the last hash. `verify` walks
/// the chain and names the first entry that was changed, deleted, or inserted out of order, and sees
/// entries cut from the end by the head.
///
/// Appending happens inside the caller's (immediate) transaction, so two reviewers cannot both chain
/// onto the same entry. A purge, which removes the decisions of old years, seals the rest again and
/// says so in `purges`.
public enum ReviewTrail {
    /// The previous hash of the first entry.
    static let genesis = String(repeating: "0", count: 64)
    static let headKey = "review_trail_head"

    /// The hash of one entry.
    static func hash(previous: String, id: Int64, code: String, subject: String, state: String, reviewer: String,
                     note: String, at: String) -> String {
        // Unit separators between the fields: no field's text can shift into another's.
        let text = [previous, String(id), code, subject, state, reviewer, note, at].joined(separator: "\u{1F}")
        var h = SHA256()
        h.update(Array(text.utf8))
        return SHA256.hex(h.finalize())
    }

    /// Appends one decision to the chain (inside the caller's transaction); returns its id.
    @discardableResult
    static func append(_ db: Connection, code: String, subject: String, state: String, reviewer: String,
                       note: String, at: String) throws -> Int64 {
        var last = (id: Int64(0), hash: genesis)
        let head = try db.prepare("SELECT id, hash FROM reviews ORDER BY id DESC LIMIT 1", persistent: false).query()
        if let row = head.first, case .int(let id) = row[0] {
            guard case .text(let h) = row[1] else { throw ReviewTrailError.unsealed(id: id) }
            last = (id, h)
        }
        let id = last.id + 1
        let hash = hash(previous: last.hash, id: id, code: code, subject: subject, state: state, reviewer: reviewer,
                        note: note, at: at)
        try db.prepare("""
            INSERT INTO reviews(id, code, subject, state, reviewer, note, at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, persistent: false).run([.int(id), .text(code), .text(subject), .text(state), .text(reviewer), .text(note),
                                         .text(at), .text(last.hash), .text(hash)])
        try setHead(db, count: try count(db), hash: hash)
        return id
    }

    /// Chains every entry again from the first, in id order (entries of an older schema that have no
    /// hash yet, or what a purge left). The append-only guards stand aside inside the caller's transaction.
    static func seal(_ db: Connection) throws {
        try db.execute("DROP TRIGGER IF EXISTS reviews_append_only_update")
        try db.execute("DROP TRIGGER IF EXISTS reviews_append_only_delete")
        let update = try db.prepare("UPDATE reviews SET prev_hash = ?, hash = ? WHERE id = ?", persistent: false)
        var previous = genesis
        for row in try db.prepare("""
            SELECT id, code, subject, state, reviewer, COALESCE(note, ''), at FROM reviews ORDER BY id
            """, persistent: false).query() {
            let e = Entry(row)
            let h = hash(previous: previous, id: e.id, code: e.code, subject: e.subject, state: e.state,
                         reviewer: e.reviewer, note: e.note, at: e.at)
            try update.run([.text(previous), .text(h), .int(e.id)])
            previous = h
        }
        try setHead(db, count: try count(db), hash: previous)
        try db.execute(Schema.reviewGuards)
    }

    /// Whether some entry has no hash yet (decisions recorded before schema v6).
    static func needsSealing(_ db: Connection) throws -> Bool {
        try db.scalarInt("SELECT EXISTS (SELECT 1 FROM reviews WHERE hash IS NULL)") == 1
    }

    /// What `verify` found.
    public struct Verification: Sendable, Equatable {
        /// Entries checked.
        public var entries: Int
        /// The first entry that breaks the chain and why; nil when the chain is intact.
        public var broken: (id: Int64, reason: String)?

        public static func == (a: Verification, b: Verification) -> Bool {
            a.entries == b.entries && a.broken?.id == b.broken?.id && a.broken?.reason == b.broken?.reason
        }
    }

    /// Walks the chain from the first entry.
    public static func verify(_ db: Connection) throws -> Verification {
        var previous = (id: Int64(0), hash: genesis)
        var entries = 0
        for row in try db.prepare("""
            SELECT id, code, subject, state, reviewer, COALESCE(note, ''), at, prev_hash, hash FROM reviews ORDER BY id
            """, persistent: false).query() {
            let e = Entry(row)
            entries += 1
            guard case .text(let prev) = row[7], case .text(let stored) = row[8] else {
                return Verification(entries: entries, broken: (e.id, "entry #\(e.id) has no hash: it was inserted outside recon"))
            }
            guard prev == previous.hash else {
                let before = previous.id == 0 ? "the start of the trail" : "entry #\(previous.id)"
                return Verification(entries: entries, broken: (e.id, "entry #\(e.id) does not follow \(before): "
                    + "an entry between them was deleted, or this one was inserted out of order"))
            }
            let h = hash(previous: prev, id: e.id, code: e.code, subject: e.subject, state: e.state, reviewer: e.reviewer,
                         note: e.note, at: e.at)
            guard h == stored else {
                return Verification(entries: entries, broken: (e.id, "entry #\(e.id) (\(e.code) \(e.subject), \(e.at)) was changed "
                    + "after it was written: its content does not match its hash"))
            }
            previous = (e.id, stored)
        }
        if let head = try headValue(db) {
            if head.count > entries || head.hash != previous.hash {
                let missing = head.count - entries
                return Verification(entries: entries, broken: (previous.id + 1, missing > 0
                    ? "the last \(missing) entries after entry #\(previous.id) were deleted (the trail's head counts \(head.count))"
                    : "the trail's head does not match its last entry #\(previous.id)"))
            }
        } else if entries > 0 {
            return Verification(entries: entries, broken: (previous.id, "the trail's head (meta \(headKey)) is missing"))
        }
        return Verification(entries: entries, broken: nil)
    }

    static func count(_ db: Connection) throws -> Int { Int(try db.scalarInt("SELECT count(*) FROM reviews") ?? 0) }

    static func setHead(_ db: Connection, count: Int, hash: String) throws {
        try db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       persistent: false).run([.text(headKey), .text("\(count):\(hash)")])
    }

    static func headValue(_ db: Connection) throws -> (count: Int, hash: String)? {
        guard let text = try db.scalarText("SELECT value FROM meta WHERE key = ?", [.text(headKey)]) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let n = Int(parts[0]) else { return (-1, text) }
        return (n, String(parts[1]))
    }

    /// The content columns of a reviews row (id, code, subject, state, reviewer, note, at).
    struct Entry {
        var id: Int64, code: String, subject: String, state: String, reviewer: String, note: String, at: String
        init(_ row: [SQLValue]) {
            func t(_ i: Int) -> String { if case .text(let s) = row[i] { return s } else { return "" } }
            if case .int(let i) = row[0] { id = i } else { id = 0 }
            code = t(1); subject = t(2); state = t(3); reviewer = t(4); note = t(5); at = t(6)
        }
    }
}

/// Why a decision could not be chained.
enum ReviewTrailError: Error, CustomStringConvertible {
    case unsealed(id: Int64)
    var description: String { "review entry #\(id) has no hash: run recond once to seal the trail" }
    var id: Int64 { if case .unsealed(let i) = self { return i } else { return 0 } }
}
