import Foundation

/// The throwaway PostgreSQL server `scripts/test.sh` starts (`scripts/pg.sh`) for the central store's
/// tests, and a fresh database on it for each test, owned by `recon_owner`, dropped afterwards.
package struct CentralTestServer {
    /// `postgresql://recon_owner@127.0.0.1:PORT/` (no database, no password).
    package let base: String
    package let ownerPasswordFile: String
    package let port: String

    /// The server of the environment (RECON_PG_URL, RECON_PG_PASSWORD_FILE); nil without one.
    package static var environment: CentralTestServer? {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["RECON_PG_URL"], let file = env["RECON_PG_PASSWORD_FILE"], let port = env["RECON_PG_PORT"],
              let slash = url.range(of: "/", options: .backwards) else { return nil }
        return CentralTestServer(base: String(url[...slash.lowerBound]), ownerPasswordFile: file, port: port)
    }

    package static let missing = "no PostgreSQL for the central store's tests: run scripts/test.sh, which starts one (scripts/pg.sh)"

    package var ownerPassword: String {
        (try? String(contentsOfFile: ownerPasswordFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// psql as the owner (its password through the environment, never the command line).
    package func psql(_ database: String, _ sql: String, user: String = "recon_owner", password: String? = nil) throws -> ToolProcess.Result {
        try ToolProcess.run("/usr/bin/env", ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                             "postgresql://\(user)@127.0.0.1:\(port)/\(database)", "-c", sql],
                            environment: ["PGPASSWORD": password ?? ownerPassword, "PGCONNECT_TIMEOUT": "10"])
    }

    /// A new empty database; `drop` removes it.
    package func freshDatabase() throws -> CentralTestDatabase {
        let name = "recon_t_" + UUID().uuidString.prefix(8).lowercased()
        let r = try psql("recon", "CREATE DATABASE \(name) OWNER recon_owner")
        guard r.status == 0 else { throw CentralTestError(message: "CREATE DATABASE: \(r.err)") }
        return CentralTestDatabase(server: self, name: name)
    }
}

package struct CentralTestDatabase {
    package let server: CentralTestServer
    package let name: String
    /// The owner's URL of this database.
    package var url: String { server.base + name }
    /// A county role's URL of this database.
    package func url(county: String) -> String {
        url.replacingOccurrences(of: "recon_owner@", with: "recon_\(county)@")
    }

    /// Runs `sql` as the owner; the rows as psql prints them unaligned (`|` between fields).
    package func owner(_ sql: String) throws -> String {
        let r = try server.psql(name, sql)
        guard r.status == 0 else { throw CentralTestError(message: "\(sql): \(r.err)") }
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    package func drop() {
        _ = try? server.psql("recon", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

package struct CentralTestError: Error, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
