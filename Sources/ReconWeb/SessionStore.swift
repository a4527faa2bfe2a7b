import Foundation
import ReconAuth
import ReconCore
import SQLiteStore

/// The review desk's sessions in the recon database: a random token in an HttpOnly, Secure,
/// SameSite=Strict cookie, stored only as its SHA-256 beside the account and a CSRF token; they end
/// after `lifetime` or at logout.
struct SessionStore: Sendable {
    static let cookie = "recon_session"
    static let lifetime: Int64 = 8 * 3600

    static func digest(_ token: String) -> String {
        var h = SHA256()
        h.update(Array(token.utf8))
        return SHA256.hex(h.finalize())
    }

    /// A new session for `account`: (token for the cookie, CSRF token).
    static func open(_ db: Connection, account: String, now: Int64) throws -> (token: String, csrf: String) {
        let token = PasswordHash.randomHex(32), csrf = PasswordHash.randomHex(16)
        try db.prepare("DELETE FROM sessions WHERE expires_at <= ?", persistent: false).run([.int(now)])
        try db.prepare("INSERT INTO sessions(token_hash, user, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       persistent: false).run([.text(digest(token)), .text(account), .text(csrf), .int(now), .int(now + lifetime)])
        return (token, csrf)
    }

    /// The account of a live session whose account is still enabled; nil for a forged, expired or
    /// ended one.
    static func account(_ db: Connection, token: String, now: Int64) throws -> DeskAccount? {
        guard token.count == 64 else { return nil }
        let rows = try db.prepare("""
            SELECT u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.name = s.user
            WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0
            """, persistent: false).query([.text(digest(token)), .int(now)])
        guard let r = rows.first, case .text(let name) = r[0], case .text(let role) = r[1], let role = Role(rawValue: role),
              case .text(let csrf) = r[2] else { return nil }
        return DeskAccount(name: name, role: role, csrf: csrf)
    }

    static func close(_ db: Connection, token: String) throws {
        try db.prepare("DELETE FROM sessions WHERE token_hash = ?", persistent: false).run([.text(digest(token))])
    }
}
