/// `EMPLOYEE_INSURED` (high, person): an effective payment (personal or government) for pension
/// (medical) in a coverage year in which the ID has 职工养老 (职工医保) active.
///
/// amount_fen: the sum of those payments.
enum EmployeeInsured {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        var groups: [Int32: [Int]] = [:]
        let ps = v.payments
        let facts = v.facts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, facts[i].employeeInsured(p.insurance) else { continue }
            groups[p.group, default: []].append(i)
        }
        for (g, members) in groups.sorted(by: { $0.key < $1.key }) {
            let k = v.groupKeys[Int(g)]
            let rows = v.employeeRows(k.body, year: k.year).filter { $0.insurance == k.insurance }
            out.append(v.personFinding(.employeeInsured, body: k.body, insurance: k.insurance, year: k.year,
                                       amountFen: members.reduce(0) { $0 + v.payments[$1].amountFen }, [
                "employee_insurance": .array(rows.map {
                    ["kind": .string($0.insurance == .pension ? "职工养老" : "职工医保"), "employer": .string($0.employer),
                     "from": .string($0.startsOn.description), "until": $0.endsOn.map { .string($0.description) } ?? .null]
                }),
                "payments": .array(members.map { v.paymentEvidence($0) }),
            ]))
        }
    }
}
