import Foundation
import ReconCore
import SQLiteStore

/// The database a report reads: opened read-only, so a report can run while the daemon writes (a WAL
/// reader sees the last committed state and never blocks the writer) and can never change anything.
public final class ReportDatabase: @unchecked Sendable {
    public let path: String
    public let db: Connection

    /// Opens `path` read-only; a missing file is an error, never a new empty database.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ReportError.noDatabase(path) }
        try DatabaseFile.checkExisting(path)
        try DatabaseFile.checkIsRecon(path)
        self.path = path
        db = try Connection(path: path, readOnly: true)
        // One snapshot for the whole report: every query of it sees the same committed state.
        try db.execute("BEGIN")
    }

    deinit {
        try? db.execute("COMMIT")
    }

    /// Every row of a query.
    public func rows(_ sql: String, _ params: [SQLValue] = []) throws -> [SQLRow] {
        try db.prepare(sql, persistent: false).query(params).map(SQLRow.init)
    }

    /// The review trail's hash chain, checked (`ReviewTrail.verify`); needs schema v6.
    public func verifyTrail() throws -> ReviewTrail.Verification {
        try requireSchema(6)
        return try ReviewTrail.verify(db)
    }

    /// Throws `ReportError.olderSchema` unless migration `version` has been applied: reports open
    /// the database read-only and never migrate it.
    func requireSchema(_ version: Int) throws {
        let found = Int(try int("PRAGMA user_version"))
        if found < version { throw ReportError.olderSchema(found: found, needed: version) }
    }

    /// The run whose summaries (the `report_*` tables) the database holds, which the balance,
    /// subsidy, coverage and roster reports read.
    ///
    /// - Throws: `ReportError.noSummaries` when no run has written them (a database reconciled only
    ///   by a recond that predates them, or not reconciled at all): zeros would be wrong figures.
    func summaryRun() throws -> SummaryRun {
        guard try int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'report_years'") == 1,
              let value = try rows("SELECT value FROM meta WHERE key = ?", [.text(Schema.reportSummariesRunKey)]).first,
              let run = Int64(value.string(0)) else {
            throw ReportError.noSummaries
        }
        let r = try rows("SELECT finished_at, as_of FROM runs WHERE run_id = ?", [.int(run)]).first
        return SummaryRun(runID: run, finishedAt: r?.string(0) ?? "", asOf: r?.text(1))
    }

    /// What the summaries hold for a coverage year: the age reference day ages were counted on (nil:
    /// the run had no policy for the year) and the effective payments without a roster row.
    ///
    /// - Throws: `ReportError.noSummaries`, or `.noSummaryYear` when no run has summarised the year.
    func summaryYear(_ year: Int) throws -> (ageReferenceDay: String?, outside: Int64) {
        _ = try summaryRun()
        guard let r = try rows("SELECT age_reference_day, outside FROM report_years WHERE year = ?", [.int(Int64(year))]).first else {
            throw ReportError.noSummaryYear(year)
        }
        return (r.text(0), r.int(1))
    }

    /// The first column of the first row as an integer (0 when there is none).
    public func int(_ sql: String, _ params: [SQLValue] = []) throws -> Int64 {
        try rows(sql, params).first?.int(0) ?? 0
    }
}

/// The reconciliation run whose summaries a report shows.
struct SummaryRun: Sendable, Equatable {
    var runID: Int64
    var finishedAt: String
    var asOf: String?

    /// The report note naming it: the figures are those of that run, not of files ingested since.
    var note: String {
        "数据：第 \(runID) 次对账运行（\(finishedAt)\(asOf.map { "，截至 " + $0 } ?? "")）"
    }
}

/// One result row with typed accessors.
public struct SQLRow: Sendable {
    var values: [SQLValue]
    init(_ values: [SQLValue]) { self.values = values }

    func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .int(let v): return v
        case .double(let d): return Int64(d)
        case .text(let s): return Int64(s) ?? 0
        default: return 0
        }
    }

    func text(_ i: Int) -> String? {
        switch values[i] {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        default: return nil
        }
    }

    func string(_ i: Int) -> String { text(i) ?? "" }
    func isNull(_ i: Int) -> Bool { values[i] == .null }
}

/// Why a report could not be made.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case noDatabase(String)
    case noRuns
    case noSummaries
    case noSummaryYear(Int)
    case summaryAgeDay(year: Int, counted: String, policy: String)
    case noSuchRun(Int64)
    case noPlan(year: Int)
    case noPolicy(year: Int)
    case badDate(option: String, value: String)
    case needsPath(format: String)
    case cannotWrite(path: String, reason: String)
    case unsupported(format: String, report: String)
    case rosterChanged
    case olderSchema(found: Int, needed: Int)

    public var description: String {
        switch self {
        case .noDatabase(let p): return "no database at \(p)"
        case .noRuns: return "the database has no reconciliation run yet (run recond first)"
        case .noSummaries:
            return "the database has no report summaries: its last reconciliation run predates them or there was none (run recond first)"
        case .noSummaryYear(let y):
            return "the report summaries hold nothing for coverage year \(y): no reconciliation run counted it "
                + "(run recond first, with the --config that has the year's policy)"
        case .summaryAgeDay(let y, let counted, let policy):
            return "the report summaries of \(y) count ages on \(counted), the policy given counts them on \(policy) "
                + "(run recond with the same --config as the report)"
        case .noSuchRun(let id): return "no run with id \(id) (see runs_v1)"
        case .noPlan(let y): return "no collection plan for coverage year \(y)"
        case .noPolicy(let y): return "no policy for coverage year \(y) (pass the --config that loads it)"
        case .badDate(let o, let v): return "\(o): '\(v)' is not a date YYYY-MM-DD"
        case .needsPath(let f): return "--format \(f) writes a file: give --out PATH"
        case .cannotWrite(let p, let r): return "cannot write \(p): \(r)"
        case .unsupported(let f, let r): return "--format \(f) is not available for \(r)"
        case .olderSchema(let found, let needed):
            return "the database was last written by an older recond (schema \(found), this report needs \(needed)): "
                + "run recond once, it upgrades the database"
        case .rosterChanged:
            return "a newer roster was stored after the last reconciliation run: its lines are not yet matched to the payments (run recond first)"
        }
    }
}
