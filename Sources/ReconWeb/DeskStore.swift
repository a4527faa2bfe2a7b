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
            var f = FindingsExport.Filter()
            f.code = code
            f.subjectContains = subject
            guard let row = try FindingsExport(db: s.db).rows(f, limit: nil, offset: 0).first(where: {
                $0["subject"] == .text(subject)
            }) else { return nil }
            var related: [[String: SQLValue]] = []
            if case .text(let id)? = row["id_number"], !id.isEmpty {
                related = try s.db.prepare("""
                    SELECT code, subject, status, review_state FROM findings_v1 WHERE id_number = ? AND NOT (code = ? AND subject = ?)
                    ORDER BY code, subject LIMIT 50
                    """, persistent: false).query([.text(id), .text(code), .text(subject)]).map { r in
                    Dictionary(uniqueKeysWithValues: zip(["code", "subject", "status", "review_state"], r))
                }
            }
            let history = try s.db.prepare("""
                SELECT state, reviewer, COALESCE(note, ''), at FROM reviews WHERE code = ? AND subject = ? ORDER BY id
                """, persistent: false).query([.text(code), .text(subject)])
            return FindingPage.Data(finding: row, related: related, history: history)
        }
    }
}
