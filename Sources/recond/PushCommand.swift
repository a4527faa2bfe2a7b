import ArgumentParser
import Foundation
import ReconCentral
import ReconCore

/// `recond push --config FILE`: this county to the central store now (CENTRAL.md).
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push this county's files, payments, roster, deaths, findings and reviews to the central store now.",
        discussion: """
            Needs [central] in the configuration (url, password_file, county). The county's database is only \
            read; the push is one transaction on the central side, so an interrupted push changes nothing there \
            and the next one catches up. The daemon pushes after each run by itself.
            """
    )

    @Option(help: "recond's configuration file, with its [central] table.")
    var config: String

    func run() throws {
        do {
            let c = try Configuration.load(path: config)
            guard let central = c.central else {
                throw CentralError.badArgument("\(config) has no [central] table: nothing to push to")
            }
            try DatabaseFile.checkExisting(c.database)
            let start = Date()
            let o = try CountyPush(settings: central, database: c.database).run()
            Terminal.error(PushCommand.summary(o, county: central.county, seconds: Date().timeIntervalSince(start)))
        } catch {
            Terminal.error("recond push: \(error)")
            throw ExitCode(1)
        }
    }

    static func summary(_ o: CountyPush.Outcome, county: String, seconds: Double) -> String {
        "recond push: county \(county) pushed (push \(o.pushID)): \(o.files) files, \(o.payments) payments, \(o.rosterRows) roster rows, "
            + "\(o.deaths) deaths, \(o.findings) findings, \(o.reviews) reviews in \(String(format: "%.2f", seconds)) s"
            + (o.replaced.isEmpty ? "" : "; replaced: \(o.replaced.joined(separator: ", "))")
    }
}
