import TOML
/// The policies the rules know, by coverage year: 2024 built in, further years from configuration.
///
/// A payment is judged by the policy of its own coverage year; a year without one opens
/// `NO_POLICY`. Disbursement claims are checked for the newest year that has a policy.
public struct PolicySet: Sendable, Equatable {
    /// The policies, ascending by year, one per year.
    public private(set) var policies: [Policy]

    /// A set of policies; a later policy of the same year replaces an earlier one.
    public init(_ policies: [Policy]) {
        var byYear: [Int: Policy] = [:]
        for p in policies { byYear[p.year] = p }
        self.policies = byYear.values.sorted { $0.year < $1.year }
    }

    /// Only the built-in 2024 policy.
    public static let builtin = PolicySet([.y2024])

    /// The policy of a coverage year.
    public func policy(for year: Int) -> Policy? { policies.first { $0.year == year } }

    public subscript(year: Int) -> Policy? { policy(for: year) }

    /// The years with a policy, ascending.
    public var years: [Int] { policies.map(\.year) }

    /// The newest coverage year that has a policy (the year disbursement files claim for).
    public var newest: Policy? { policies.last }

    /// This set with `policy` added (replacing one of the same year).
    public func adding(_ policy: Policy) -> PolicySet { PolicySet(policies + [policy]) }

    /// Reads one policy table (see `Policy` for its keys); every key is required unless `based_on`
    /// names a year of `base`, whose non-date values then fill the gaps.
    ///
    /// - Throws: `ConfigError` naming the key and its line.
    public static func load(toml: TOMLTable, base: PolicySet = .builtin, path: String = "policy") throws -> Policy {
        let reader = TableReader(table: toml, path: path)
        var basePolicy: Policy? = nil
        if let b = toml["based_on"] {
            guard let y = b.intValue else { throw reader.fail("based_on", "expected a year, found \(b.typeName)") }
            guard let p = base.policy(for: Int(y)) else {
                throw reader.fail("based_on", "no policy for \(y) (known: \(base.years.map(String.init).joined(separator: ", ")))")
            }
            basePolicy = p
        }
        return try PolicyReader(t: reader, base: basePolicy).read()
    }

    /// `base` plus the policies of `[[policy]]` tables (recond's `Configuration.policyTables`), in order;
    /// a table may be `based_on` the built-in year or a table before it.
    ///
    /// - Throws: `ConfigError` naming `policy[n].key` and its line, also for a year given twice.
    public static func load(tables: [TOMLTable], base: PolicySet = .builtin) throws -> PolicySet {
        var set = base
        var seen: Set<Int> = []
        for (i, table) in tables.enumerated() {
            let path = "policy[\(i + 1)]"
            let p = try load(toml: table, base: set, path: path)
            guard seen.insert(p.year).inserted else {
                throw TableReader(table: table, path: path).fail("year", "\(p.year) has a policy already in this configuration")
            }
            set = set.adding(p)
        }
        return set
    }

    /// `base` plus the policies of a TOML document: either `[[policy]]` tables or, for a policy file
    /// of its own, a root table with `year`.
    public static func load(text: String, base: PolicySet = .builtin) throws -> PolicySet {
        let doc: TOMLTable
        do {
            doc = try TOMLParser.parse(text)
        } catch let e as TOMLError {
            throw ConfigError(line: e.line, "\(e.message) (column \(e.column))")
        }
        if doc["year"] != nil { return base.adding(try load(toml: doc, base: base)) }
        guard let v = doc["policy"] else { return base }
        guard let list = v.arrayValue else {
            throw TableReader(table: doc, path: "").fail("policy", "use [[policy]] tables")
        }
        return try load(tables: try list.map { e in
            guard let t = e.tableValue else { throw TableReader(table: doc, path: "").fail("policy", "use [[policy]] tables") }
            return t
        }, base: base)
    }
}
