import ReconCore
import SQLiteStore

/// A report over the database: runs its SQL and returns the figures as a `Report`.
public protocol ReportQuery {
    func run(on db: ReportDatabase) throws -> Report
}

/// Only one town or one village (乡镇代码 / 村居代码); nil means all.
public struct AreaFilter: Sendable, Equatable {
    public var town: String?
    public var village: String?
    public init(town: String? = nil, village: String? = nil) { self.town = town; self.village = village }

    /// `AND town = ? AND village = ?` over the given columns, with its parameters.
    func sql(town townColumn: String, village villageColumn: String) -> (String, [SQLValue]) {
        var s = ""
        var p: [SQLValue] = []
        if let town { s += " AND \(townColumn) = ?"; p.append(.text(town)) }
        if let village { s += " AND \(villageColumn) = ?"; p.append(.text(village)) }
        return (s, p)
    }

    /// A note line naming the filter, or nil.
    var note: String? {
        var parts: [String] = []
        if let town { parts.append("乡镇代码 \(town)") }
        if let village { parts.append("村居代码 \(village)") }
        return parts.isEmpty ? nil : "范围：" + parts.joined(separator: "，")
    }
}

