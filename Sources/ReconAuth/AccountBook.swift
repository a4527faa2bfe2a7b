import Foundation
import ReconCore
import SQLiteStore

/// The review desk's accounts in the recon database (`users`): made, disabled and given new passwords
/// by `recond user`, and checked at each login, where five failed attempts in a row lock an account
/// for 15 minutes.
public struct AccountBook {
    public static let minimumPasswordLength = 10
    public static let failuresBeforeLock = 5
    public static let lockSeconds: Int64 = 15 * 60

    let db: Connection
    public init(store: Store) { db = store.db }

    /// One account as stored (without its hash).
    public struct Account: Sendable, Equatable {
        public var name: String
        public var role: Role
        public var disabled: Bool
        public var lockedUntil: String?
    }

    public func add(_ name: String, role: Role, password: String, at now: String = BeijingClock.now()) throws {
        guard !name.isEmpty, name.count <= 64, !name.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw AccountError.badName(name)
        }
        try Self.check(password)
        let hash = try PasswordHash.make(password)
        try db.transaction {
            guard try db.scalarInt("SELECT count(*) FROM users WHERE name = ?", [.text(name)]) == 0 else {
                throw AccountError.exists(name)
            }
            try db.prepare("""
                INSERT INTO users(name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)
                """, persistent: false).run([.text(name), .text(role.rawValue), .text(hash), .text(now), .text(now)])
        }
    }

    /// The account can no longer log in, and its open sessions end.
    public func disable(_ name: String) throws {
        try db.transaction {
            try db.prepare("UPDATE users SET disabled = 1 WHERE name = ?", persistent: false).run([.text(name)])
            guard db.changes == 1 else { throw AccountError.noSuchAccount(name) }
            try endSessions(name)
        }
    }

    /// A disabled account may log in again.
    public func enable(_ name: String) throws {
        try db.prepare("UPDATE users SET disabled = 0 WHERE name = ?", persistent: false).run([.text(name)])
        guard db.changes == 1 else { throw AccountError.noSuchAccount(name) }
    }

    func endSessions(_ name: String) throws {
        try db.prepare("DELETE FROM sessions WHERE user = ?", persistent: false).run([.text(name)])
    }

    /// A new password; also lifts a lock, counts failures from zero and ends the account's sessions
    /// (whoever knew the old password is logged out).
    public func setPassword(_ name: String, _ password: String, at now: String = BeijingClock.now()) throws {
        try Self.check(password)
        let hash = try PasswordHash.make(password)
        try db.transaction {
            try db.prepare("""
                UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL WHERE name = ?
                """, persistent: false).run([.text(hash), .text(now), .text(name)])
            guard db.changes == 1 else { throw AccountError.noSuchAccount(name) }
            try endSessions(name)
        }
    }

    public func list() throws -> [Account] {
        try db.prepare("SELECT name, role, disabled, locked_until FROM users ORDER BY name", persistent: false).query().compactMap { r in
            guard case .text(let n) = r[0], case .text(let role) = r[1], let role = Role(rawValue: role) else { return nil }
            var locked: String?
            if case .text(let l) = r[3] { locked = l }
            return Account(name: n, role: role, disabled: r[2] == .int(1), lockedUntil: locked)
        }
    }

    /// What a login attempt came to.
    public enum Login: Equatable, Sendable {
        case accepted(Account)
        /// Wrong name or password (the two are not told apart).
        case refused
        case locked(until: String)
        case disabled
    }

    /// Checks a login at `now` (Unix seconds): counts failures, locks after five in a row, unlocks
    /// when the lock has run out.
    public func login(_ name: String, _ password: String, now: Int64 = Int64(Date().timeIntervalSince1970)) throws -> Login {
        try db.transaction {
            let rows = try db.prepare("""
                SELECT role, password_hash, disabled, failed_logins, locked_until FROM users WHERE name = ?
                """, persistent: false).query([.text(name)])
            guard let r = rows.first, case .text(let roleText) = r[0], let role = Role(rawValue: roleText),
                  case .text(let hash) = r[1] else {
                // The same work as a real check, so a missing name takes as long as a wrong password.
                _ = PasswordHash.matches(password, Self.dummyHash)
                return .refused
            }
            if r[2] == .int(1) { return .disabled }
            if case .text(let until) = r[4], let u = LocalDateTime(until), u.seconds - 8 * 3600 > now { return .locked(until: until) }
            guard PasswordHash.matches(password, hash) else {
                var failures = 1
                if case .int(let f) = r[3] { failures += Int(f) }
                if failures >= Self.failuresBeforeLock {
                    let until = LocalDateTime(seconds: now + Self.lockSeconds + 8 * 3600).description
                    try db.prepare("UPDATE users SET failed_logins = 0, locked_until = ? WHERE name = ?", persistent: false)
                        .run([.text(until), .text(name)])
                    return .locked(until: until)
                }
                try db.prepare("UPDATE users SET failed_logins = ? WHERE name = ?", persistent: false)
                    .run([.int(Int64(failures)), .text(name)])
                return .refused
            }
            try db.prepare("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", persistent: false).run([.text(name)])
            return .accepted(Account(name: name, role: role, disabled: false, lockedUntil: nil))
        }
    }

    static let dummyHash: String = (try? PasswordHash.make("not a password of anyone")) ?? ""

    static func check(_ password: String) throws {
        guard password.count >= minimumPasswordLength else { throw AccountError.weakPassword(minimum: minimumPasswordLength) }
    }

    /// The password in `path` (its first line), refusing a file others can read; `-` reads standard input.
    public static func readPassword(from path: String) throws -> String {
        do {
            return try PasswordFile.read(path)
        } catch PasswordFile.Failure.missing(let p) {
            throw AccountError.passwordFileMissing(p)
        } catch PasswordFile.Failure.readableByOthers(let p) {
            throw AccountError.passwordFileReadable(p)
        }
    }
}
