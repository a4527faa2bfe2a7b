import Foundation
import ReconCore

/// The database a report reads: opened read-only, so a report can run while the daemon writes (a WAL
/// reader sees the last committed state and never blocks the writer) and can never change anything.
public final class ReportDatabase: @unchecked Sendable {
    public let path: String
    public let db: Connection

    /// Opens `path` read-only; a missing file is an error, never a new empty database.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ReportError.noDatabase(path) }
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

    /// The first column of the first row as an integer (0 when there is none).
    public func int(_ sql: String, _ params: [SQLValue] = []) throws -> Int64 {
        try rows(sql, params).first?.int(0) ?? 0
    }
}

/// One result row with typed accessors.
public struct SQLRow: Sendable {
    public var values: [SQLValue]
    public init(_ values: [SQLValue]) { self.values = values }

    public func int(_ i: Int) -> Int64 {
        switch values[i] {
        case .int(let v): return v
        case .double(let d): return Int64(d)
        case .text(let s): return Int64(s) ?? 0
        default: return 0
        }
    }

    public func text(_ i: Int) -> String? {
        switch values[i] {
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        default: return nil
        }
    }

    public func string(_ i: Int) -> String { text(i) ?? "" }
    public func isNull(_ i: Int) -> Bool { values[i] == .null }
}

/// Why a report could not be made.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case noDatabase(String)
    case noRuns
    case noSuchRun(Int64)
    case noPlan(year: Int)
    case noPolicy(year: Int)
    case badDate(option: String, value: String)
    case needsPath(format: String)
    case cannotWrite(path: String, reason: String)
    case unsupported(format: String, report: String)

    public var description: String {
        switch self {
        case .noDatabase(let p): return "no database at \(p)"
        case .noRuns: return "the database has no reconciliation run yet (run recond first)"
        case .noSuchRun(let id): return "no run with id \(id) (see runs_v1)"
        case .noPlan(let y): return "no collection plan for coverage year \(y)"
        case .noPolicy(let y): return "no policy for coverage year \(y) (pass the --config that loads it)"
        case .badDate(let o, let v): return "\(o): '\(v)' is not a date YYYY-MM-DD"
        case .needsPath(let f): return "--format \(f) writes a file: give --out PATH"
        case .cannotWrite(let p, let r): return "cannot write \(p): \(r)"
        case .unsupported(let f, let r): return "--format \(f) is not available for \(r)"
        }
    }
}
