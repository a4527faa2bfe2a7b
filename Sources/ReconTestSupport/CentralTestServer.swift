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

    /// Stops the server (`pg_ctl stop -m fast`), as when PostgreSQL goes down under a county; `start`
    /// brings it back on the same port. Between the two every connection is refused.
    package func stop() throws { try control("-m fast -w stop") }
    package func start() throws { try control("-l \"$RECON_PG_DIR/server.log\" -w -t 60 start") }

    /// Runs pg_ctl through scripts/pg.sh as the server's user. posix_spawn and waitpid rather than
    /// Foundation's Process: pg_ctl leaves a daemon behind, and Process.waitUntilExit was seen to hang
    /// after such a child.
    private func control(_ action: String) throws {
        let pgsh = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg.sh").path
        let log = NSTemporaryDirectory() + "/recon-pgctl-\(UUID().uuidString).log"
        defer { unlink(log) }
        let script = "source '\(pgsh)' && _pg_as_server \"$(_pg_bindir)/pg_ctl\" -D \"$RECON_PG_DIR/data\" \(action) </dev/null >'\(log)' 2>&1"
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/bash"), strdup("-c"), strdup(script), nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/bash", nil, nil, argv, environ) == 0 else {
            throw CentralTestError(message: "cannot run pg_ctl \(action)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw CentralTestError(message: "pg_ctl \(action): exit status \(status): \(text)")
        }
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
