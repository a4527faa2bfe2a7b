import ReconCore

extension World {
    /// Reference files: two roster snapshots, monthly deaths, assistance lists, employee lists, disbursement claims.
    func addReferenceFiles() {
        func d8(_ d: LocalDate) -> String { var b = Bytes(); b.date8(d); return String(decoding: b.b, as: UTF8.self) }
        files.append(FileSpec(name: "enrollment_\(d8(cal.septSnapshot)).csv.gz", format: "enrollment", date: cal.septSnapshot, kind: .enrollment(false)))
        files.append(FileSpec(name: "enrollment_\(d8(cal.janSnapshot)).csv.gz", format: "enrollment", date: cal.janSnapshot, kind: .enrollment(true)))
        for (k, d) in deathFiles.enumerated() {
            files.append(FileSpec(name: "deaths_\(d8(d)).csv.gz", format: "deaths", date: d, kind: .deaths(k)))
        }
        for (k, d) in assistFiles.enumerated() {
            files.append(FileSpec(name: "assistance_\(d8(d)).csv.gz", format: "assistance", date: d, kind: .assistance(k)))
        }
        for (k, d) in employeeFiles.enumerated() {
            files.append(FileSpec(name: "employee_insured_\(d8(d)).csv.gz", format: "employee", date: d, kind: .employee(k)))
        }
        for (k, d) in disbursementDates.enumerated() {
            files.append(FileSpec(name: "disbursement_\(d8(d)).csv.gz", format: "disbursement", date: d, kind: .disbursement(k)))
        }
    }

    var disbursementDates: [LocalDate] { [date(cal.day(12, 28)), LocalDate(year: Y, month: 1, day: 10)] }

    static let categories: [(Insurance, String)] = [
        (.pension, "contribution_subsidy"), (.pension, "disabled_paid"),
        (.medical, "fiscal_subsidy"), (.medical, "full_paid"), (.medical, "half_paid"),
    ]

    /// December claims (a partial count, superseded) and January claims (the data, a few lines perturbed).
    func makeClaims(actual: [SubsidyKey: SubsidyValue]) -> ([(FileSpec, [SubsidyKey: SubsidyValue])], [SubsidyKey: SubsidyValue]) {
        var r = root.fork("claims")
        let skipTown = towns[Int(seed % UInt64(towns.count))].code
        var keys: [SubsidyKey] = []
        for t in towns {
            for (ins, cat) in World.categories {
                if t.code == skipTown && cat == "disabled_paid" { continue }   // a line nobody claims: opens nothing
                keys.append(SubsidyKey(town: t.code, ins: ins, category: cat))
            }
        }
        var dec: [SubsidyKey: SubsidyValue] = [:], jan: [SubsidyKey: SubsidyValue] = [:]
        for k in keys {
            let a = actual[k] ?? SubsidyValue()
            var d = SubsidyValue()
            d.count = a.count * 82 / 100
            switch k.category {
            case "fiscal_subsidy": d.fen = Int64(d.count) * Policy2024.fiscalPerPerson
            case "full_paid": d.fen = Int64(d.count) * Policy2024.medicalFull
            case "half_paid": d.fen = Int64(d.count) * Policy2024.medicalHalf
            case "disabled_paid": d.fen = Int64(d.count) * Policy2024.pensionGov
            default: d.fen = a.count == 0 ? 0 : a.fen * Int64(d.count) / Int64(a.count) / 1000 * 1000
            }
            dec[k] = d
            jan[k] = a
        }
        if anomalies {
            let n = count(4, min: 2)
            var cands = keys.filter { (actual[$0]?.count ?? 0) > 0 }
            r.shuffle(&cands)
            for (j, k) in cands.prefix(n).enumerated() {
                var v = jan[k]!
                let note: String
                switch j % 4 {
                case 0: v.count += 1; note = "January claim counts one person more than paid"
                case 1:
                    v.fen -= k.category == "contribution_subsidy" ? 3000 : (k.category == "fiscal_subsidy" ? Policy2024.fiscalPerPerson : 1000)
                    note = "January claim amount lower than the data gives"
                case 2:
                    v.count += 2
                    v.fen += k.category == "fiscal_subsidy" ? 2 * Policy2024.fiscalPerPerson : (k.category == "full_paid" ? 2 * Policy2024.medicalFull : 6000)
                    note = "January claim includes two persons who did not pay"
                default: v.fen += 100; note = "January claim amount off by 1.00 yuan"
                }
                jan[k] = v
                expect("SUBSIDY_MISMATCH", .subsidy(k), note)
            }
        }
        let decFile = files.first { $0.kind == .disbursement(0) }!
        let janFile = files.first { $0.kind == .disbursement(1) }!
        return ([(decFile, dec), (janFile, jan)], jan)
    }

    /// A planted count scaled with the district: `base` at scale 1.0, at least `min`.
    func count(_ base: Int, min m: Int = 2) -> Int {
        Swift.max(m, Int((Double(base) * scale.squareRoot()).rounded()))
    }
}
