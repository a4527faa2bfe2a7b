import Foundation
import ReconAuth
import ReconCore
import SQLiteStore

/// The database as the review desk uses it: one connection, one request at a time on it (SQLite
/// connections are not shared between threads). Reads see the last committed state while the
/// daemon writes (WAL); the desk's own writes — sessions, logins, decisions — are short transactions.
final class DeskStore: @unchecked Sendable {
    private let lock = NSLock()
    let store: Store

    init(path: String) throws {
        try DatabaseFile.checkExisting(path)
        store = try Store(path: path)
    }

    func with<T>(_ body: (Store) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(store)
    }

    func finding(code: String, subject: String) throws -> FindingPage.Data? {
        try with { s in
            guard let row = try FindingsExport(db: s.db).row(code: code, subject: subject) else { return nil }
            var related: [[String: SQLValue]] = []
            if case .text(let id)? = row["id_number"] {
                related = try FindingsExport(db: s.db).sameID(id, except: (code, subject))
            }
            let history = try s.db.prepare("""
                SELECT state, reviewer, COALESCE(note, ''), at FROM reviews WHERE code = ? AND subject = ? ORDER BY id
                """, persistent: false).query([.text(code), .text(subject)])
            return FindingPage.Data(finding: row, related: related, history: history)
        }
    }
}
