import ArgumentParser
import Foundation
import ReconCore
import ReconReports
import TOML

/// `recon-report`: what the tax office, the audit bureau and finance read, and the review workflow.
@main
struct ReconReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon-report",
        abstract: "Reports over a recon database, and the audit bureau's review decisions.",
        discussion: """
            Reports open the database read-only (they can run while recond writes it) and write nothing;
            review records decisions only. balance, subsidy, coverage and roster read the summaries the
            last recond run wrote (run recond first). Formats: table (terminal), csv (UTF-8 with BOM,
            for Excel), json, html (one self-contained page with charts; prints on A4), xlsx (a sheet
            per section).
            """,
        version: ReconVersion.string,
        subcommands: [NightlyCommand.self, BalanceCommand.self, FindingsCommand.self, ReviewCommand.self,
                      SubsidyCommand.self, CoverageCommand.self, RosterCommand.self, VerifyTrailCommand.self, ServeCommand.self]
    )
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, xlsx

    func renderer(wide: Bool) -> ReportRenderer {
        switch self {
        case .table: return wide ? TableRenderer.wide : TableRenderer()
        case .csv: return CSVRenderer()
        case .json: return JSONRenderer()
        case .html: return HTMLRenderer()
        case .xlsx: return XLSXRenderer()
        }
    }
}

/// The options every report takes.
struct ReportOptions: ParsableArguments {
    @Option(help: "The recon database (opened read-only).") var db: String
    @Option(help: "table, csv, json, html or xlsx.") var format: OutputFormat = .table
    @Option(help: "Write to this file instead of standard output (required for xlsx).") var out: String?
    @Flag(help: "Table format: every column whole, however wide (by default a table fits 120 columns, long texts cut with …).")
    var wide = false

    func validate() throws {
        if format == .xlsx && out == nil { throw ValidationError("--format xlsx writes a file: give --out PATH") }
    }

    /// Opens the database, makes the report and writes it; errors become a message and exit code 1.
    func emit(_ make: (ReportDatabase) throws -> Report) throws {
        try fail {
            let database = try ReportDatabase(path: db)
            let report = try make(database)
            try format.renderer(wide: wide).write(report, to: out)
        }
    }
}

/// The coverage year's policy and plan: `--year` (default the newest year with a policy) among the
/// built-in policies and those of `--config`'s [[policy]] tables.
struct PolicyOptions: ParsableArguments {
    @Option(help: "recond's configuration file, for the [[policy]] tables of years after 2024.") var config: String?
    @Option(help: "The coverage year (default: the newest year that has a policy).") var year: Int?

    func policy() throws -> Policy {
        // The configuration's policies whole: its [[policy]] tables and its policy_files.
        let set = try config.map { try Configuration.load(path: $0).policies } ?? PolicySet.builtin
        guard let p = year.map({ set[$0] }) ?? set.newest else { throw ReportError.noPolicy(year: year ?? 0) }
        return p
    }
}

/// Runs `body`; a failure prints `recon-report: …` on stderr and exits 1.
func fail(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("recon-report: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// A `YYYY-MM-DD` option.
func date(_ text: String?, option: String) throws -> LocalDate? {
    guard let text else { return nil }
    guard let d = LocalDate(text) else { throw ValidationError("\(option): '\(text)' is not a date YYYY-MM-DD") }
    return d
}
