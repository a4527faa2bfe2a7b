import ReconCore

/// The cross-county findings of CENTRAL.md over several counties' facts — an independent, literal
/// reading of the contract, against which the central store's reconciliation is measured.
enum CrossCountyExpected {
    struct Finding: Hashable, Comparable, Codable {
        var code: String
        var subject: String
        var counties: String
        static func < (a: Finding, b: Finding) -> Bool { (a.code, a.subject) < (b.code, b.subject) }
    }

    static func findings(_ counties: [(code: String, facts: CountyFacts)]) -> [Finding] {
        var out: [Finding] = []
        struct PayKey: Hashable { var body: UInt64; var ins: Insurance; var year: Int; var gov: Bool }
        var paidIn: [PayKey: Set<String>] = [:]
        struct RosterKey: Hashable { var body: UInt64; var ins: Insurance }
        var normalIn: [RosterKey: Set<String>] = [:]
        for (code, f) in counties {
            for p in f.payments { paidIn[PayKey(body: p.body, ins: p.ins, year: p.year, gov: p.gov), default: []].insert(code) }
            for r in f.roster where r.normal { normalIn[RosterKey(body: r.body, ins: r.ins), default: []].insert(code) }
        }
        // Personal payments in ≥ 2 counties, or government payments in ≥ 2: one finding per (ID, insurance, year).
        var duplicate: [String: Set<String>] = [:]
        for (k, set) in paidIn where set.count >= 2 {
            duplicate["person:\(IDNumber(body: k.body).text):\(k.ins.rawValue):\(k.year)", default: []].formUnion(set)
        }
        for (subject, set) in duplicate {
            out.append(Finding(code: "CROSS_COUNTY_DUPLICATE", subject: subject, counties: set.sorted().joined(separator: ",")))
        }
        for (k, set) in normalIn where set.count >= 2 {
            out.append(Finding(code: "ENROLLED_IN_TWO_COUNTIES", subject: "person:\(IDNumber(body: k.body).text):\(k.ins.rawValue)",
                               counties: set.sorted().joined(separator: ",")))
        }
        // A payment after the death another county registered, the paying county having no record.
        for (code, f) in counties {
            for p in f.payments where f.deaths[p.body] == nil {
                var standing: (date: Int, notice: Int, county: String)?
                for (other, g) in counties where other != code {
                    guard let d = g.deaths[p.body] else { continue }
                    if let s = standing, (s.notice, s.date) >= (d.notice, d.date) { continue }
                    standing = (d.date, d.notice, other)
                }
                guard let s = standing, p.day > s.date else { continue }
                out.append(Finding(code: "DEATH_ELSEWHERE", subject: "txn:\(code):\(p.ch.rawValue):\(p.ref)",
                                   counties: [code, s.county].sorted().joined(separator: ",")))
            }
        }
        return out.sorted()
    }
}
