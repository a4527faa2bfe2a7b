import CLibPQ
import Foundation
import ReconCore

/// The city's or province's side of the central store, as its owner role (`recon-central`): the
/// schema and its migrations, counties and their roles, the cross-county reconciliation, reviews,
/// the pushes' status and the findings.
public struct CentralStore {
    public let pg: PGConnection

    public init(_ pg: PGConnection) { self.pg = pg }

    /// Connects as the owner: `password` from `passwordFile` (mode 0600), else libpq's PGPASSFILE.
    public init(url: String, passwordFile: String?) throws {
        // In a URL a password would show in the process list and in error messages.
        guard !CentralSettings.holdsPassword(url) else {
            throw CentralError.badArgument("the central store's URL must not hold a password: use a password file (mode 0600) or PGPASSFILE")
        }
        let password = try passwordFile.map(CountyPush.password(fromFile:))
        self.init(try PGConnection(url: url, password: password, application: "recon-central"))
    }

    /// The migrations applied so far.
    public func versions() throws -> [Int] {
        guard try pg.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").first?[0] == "t" else { return [] }
        return try pg.execute("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0[0].flatMap(Int.init) }
    }

    /// Applies each migration not applied yet, each in its own transaction; the versions applied now.
    @discardableResult
    public func migrate() throws -> [Int] {
        let done = Set(try versions())
        var applied: [Int] = []
        for m in CentralSQL.migrations where !done.contains(m.version) {
            do {
                try pg.execute("BEGIN;\n" + m.sql + "\nCOMMIT;")
            } catch {
                _ = try? pg.execute("ROLLBACK")
                throw error
            }
            applied.append(m.version)
        }
        return applied
    }

    /// Refuses to work on a schema older or newer than this recon-central's.
    public func requireCurrentSchema() throws {
        let have = try versions(), want = CentralSQL.migrations.map(\.version)
        guard have == want else {
            throw CentralError.schema(have.isEmpty
                ? "the central store has no schema yet: run `recon-central migrate --url …` first"
                : "the central store's schema is at version \(have.last!), this recon-central's at \(want.last!): run `recon-central migrate` (with the newer recon-central)")
        }
    }

    /// County `code`'s role `recon_{code}` with `password`, its partitions and row-level policies.
    /// The password leaves this process only as a SCRAM-SHA-256 verifier libpq computes here.
    public func addCounty(_ code: String, password: String) throws {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw CentralError.badArgument("'\(code)' is not a 6-digit county code")
        }
        guard password.count >= 12 else { throw CentralError.badArgument("the county's password is too short: at least 12 characters") }
        try requireCurrentSchema()
        let verifier: String = try pg.withHandle { conn in
            guard let v = PQencryptPasswordConn(conn, password, "recon_" + code, "scram-sha-256") else {
                throw CentralError.server(state: "", message: PGConnection.message(PQerrorMessage(conn)), sql: "PQencryptPasswordConn")
            }
            defer { PQfreemem(v) }
            return String(cString: v)
        }
        try pg.query("SELECT recon_add_county($1, $2)", [code, verifier])
    }

    /// What one reconciliation found.
    public struct Reconciled: Sendable, Equatable {
        public var found = 0, new = 0, reopened = 0, resolved = 0, open = 0
    }

    /// The cross-county findings of CENTRAL.md over every pushed county, in one transaction.
    public func reconcile() throws -> Reconciled {
        try requireCurrentSchema()
        try pg.execute("BEGIN")
        do {
            let row = try pg.execute("SELECT found_count, new_count, reopened_count, resolved_count, open_count FROM recon_reconcile()").first ?? []
            try pg.execute("COMMIT")
            let n = row.map { Int($0 ?? "") ?? 0 } + [0, 0, 0, 0, 0]
            return Reconciled(found: n[0], new: n[1], reopened: n[2], resolved: n[3], open: n[4])
        } catch {
            _ = try? pg.execute("ROLLBACK")
            throw error
        }
    }

    /// One review decision on a cross-county finding, appended to `central_reviews`.
    public func review(code: String, subject: String, state: String, reviewer: String, note: String) throws {
        try requireCurrentSchema()
        do {
            try pg.query("SELECT recon_central_review($1, $2, $3, $4, $5)", [code, subject, state, reviewer, note])
        } catch CentralError.server(let sqlState, _, _) where sqlState == "P0002" {
            throw CentralError.badArgument("no cross-county finding \(code) \(subject)")
        } catch CentralError.server(let sqlState, let message, _) where sqlState == "22023" {
            throw CentralError.badArgument(message.replacingOccurrences(of: "ERROR:  ", with: ""))
        }
    }

    /// Each county's pushes: the last one, the last that succeeded, how long ago, and failures since.
    public func status() throws -> [[String?]] {
        try requireCurrentSchema()
        return try pg.execute(Self.statusSQL)
    }

    /// The columns of `status()`.
    public static let statusColumns = ["county", "last_push_at", "last_status", "last_error", "last_ok_at", "lag",
                                       "failures_since_ok", "payments", "findings"]

    static let statusSQL = """
        WITH last AS (
            SELECT DISTINCT ON (county) county, started_at, status, error FROM pushes ORDER BY county, id DESC
        ), ok AS (
            SELECT DISTINCT ON (county) county, id, finished_at, payments, findings FROM pushes
            WHERE status = 'ok' ORDER BY county, id DESC
        )
        SELECT c.county,
               to_char(l.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'), l.status, l.error,
               to_char(o.finished_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS'),
               CASE WHEN o.finished_at IS NULL THEN NULL ELSE justify_interval(date_trunc('second', now() - o.finished_at))::text END,
               (SELECT count(*) FROM pushes p WHERE p.county = c.county AND p.status <> 'ok' AND p.id > COALESCE(o.id, 0)),
               o.payments, o.findings
        FROM counties c LEFT JOIN last l ON l.county = c.county LEFT JOIN ok o ON o.county = c.county
        ORDER BY c.county
        """
}
