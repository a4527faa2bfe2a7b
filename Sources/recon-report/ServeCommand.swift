import ArgumentParser
import Foundation
import ReconCore
import ReconWeb

/// `recon-report serve`: the review desk for one database, without a daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the review desk (web pages) for one database.",
        discussion: """
            Listens on loopback by default; put TLS in front with a reverse proxy (see the README). Accounts \
            are made with `recond user add`. Stops on SIGTERM or SIGINT.
            """)

    @Option(help: "The recon database.") var db: String
    @Option(help: "HOST:PORT to listen on.") var listen: String = "127.0.0.1:8080"
    @Option(help: "recond's configuration file, for its policies (the subsidy and coverage pages).") var config: String?

    func run() async throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen must be HOST:PORT, got '\(listen)'")
        }
        let host = String(listen[..<colon])
        let desk: ReviewDesk
        do {
            let policies = try config.map { try Configuration.load(path: $0).policies } ?? PolicySet.builtin
            desk = try ReviewDesk(database: db, policies: policies)
        } catch {
            FileHandle.standardError.write(Data("recon-report: \(error)\n".utf8))
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data("recon-report: the review desk for \(db) on http://\(listen)/\n".utf8))
        try await desk.application(host: host, port: port).runService()
    }
}
