import ReconCore

extension World {
    /// Statuses, assistance lists, deaths and employee insurance of the background.
    func buildReferences() {
        var r = root.fork("references")
        deathFiles = [date(cal.day(10, 5)), date(cal.day(11, 5)), date(cal.day(12, 5)), LocalDate(year: Y, month: 1, day: 5)]
        assistFiles = [date(cal.day(9, 15)), date(cal.day(10, 31)), LocalDate(year: Y, month: 1, day: 5)]
        employeeFiles = [date(cal.day(10, 15)), LocalDate(year: Y, month: 1, day: 10)]
        let n = persons.count

        // roster ID text: a few lower-case x
        for i in 0..<n where r.chance(0.05) { persons[i].idForm = 1 }

        // --- status changes (no payments for these persons) ---
        for i in 0..<n where persons[i].med.sept == .normal {
            let u = r.unit()
            if u < 0.004 {
                setStatus(i, sept: .suspended, jan: .suspended)
            } else if u < 0.007 {
                setStatus(i, sept: .normal, jan: .suspended)
            } else if u < 0.009 {
                setStatus(i, sept: .normal, jan: .none)
            } else if u < 0.011 {
                // back to normal: pays like anyone else
                setStatus(i, sept: .suspended, jan: .normal)
                persons[i].used = true
            }
        }

        // --- assistance ---
        let fileA = 0, fileB = 1, fileC = 2
        func addAssist(_ p: Int, _ cat: String, _ ins: Insurance, from: Int, to: Int?, file: Int) {
            assists.append(AssistRecord(body: persons[p].body, rawID: nil, name: persons[p].name, category: cat, ins: ins,
                                        from: Int32(from), to: to.map { Int32($0) }, file: file))
        }
        func fromDate(_ file: Int) -> Int {
            switch file {
            case fileA: return LocalDate(year: 2015, month: 1, day: 1).dayNumber + r.below(cal.day(9, 10) - LocalDate(year: 2015, month: 1, day: 1).dayNumber)
            case fileB: return cal.day(9, 16) + r.below(40)
            default: return cal.day(12, 1) + r.below(30)
            }
        }
        func openEnd() -> Int? {
            r.chance(0.7) ? nil : r.pick([LocalDate(year: Y, month: 12, day: 31).dayNumber, LocalDate(year: Y + 1, month: 6, day: 30).dayNumber])
        }
        // hardship households (all members, medical; pension members also pension rows)
        for h in households.indices where r.chance(0.012) {
            let hh = households[h]
            let cat = r.chance(0.2) ? "特困人员" : "低保对象"
            let file = r.chance(0.85) ? fileA : fileB
            let from = fromDate(file), to = openEnd()
            for p in Int(hh.first)..<Int(hh.first + hh.count) where !persons[p].used && persons[p].med.jan == .normal {
                addAssist(p, cat, .medical, from: from, to: to, file: file)
                if persons[p].pen.jan == .normal && r.chance(0.6) {
                    addAssist(p, cat, .pension, from: from, to: to, file: file)
                }
            }
        }
        for i in 0..<n where !persons[i].used && persons[i].med.jan == .normal {
            let u = r.unit()
            if u < 0.010 {
                let cat = r.pick(["返贫致贫人口", "低保边缘家庭成员", "防止返贫监测帮扶对象"])
                let file = r.chance(0.8) ? fileA : fileB
                addAssist(i, cat, .medical, from: fromDate(file), to: openEnd(), file: file)
                if persons[i].pen.jan == .normal && r.chance(0.5) {
                    addAssist(i, cat, .pension, from: fromDate(file), to: openEnd(), file: file)
                }
            } else if u < 0.013 {
                // expired before the year: not valid, the person pays like anyone else
                let cat = r.pick(Tables.assistanceMedical)
                let from = LocalDate(year: 2019, month: 1, day: 1).dayNumber + r.below(1200)
                let to = r.pick([cal.day(6, 30), cal.windowEnd])
                addAssist(i, cat, .medical, from: from, to: to, file: fileA)
            } else if u < 0.016 {
                // 重度残疾 with 险种 医疗: hardship (100 tier allowed) but not paid by government
                addAssist(i, r.pick(Tables.disabled), .medical, from: fromDate(fileA), to: nil, file: fileA)
            } else if u < 0.0165 && persons[i].pen.jan == .none && persons[i].age < 70 && persons[i].age >= 18 {
                // newly recognised in December: entitled for the year, paid by government in January
                addAssist(i, r.pick(Tables.assistanceMedical), .medical, from: fromDate(fileC), to: nil, file: fileC)
                persons[i].used = true
            }
        }
        // 重度残疾 pension: among pension enrollees
        for i in 0..<n where !persons[i].used && persons[i].pen.sept == .normal && persons[i].pen.jan == .normal && r.chance(0.012) {
            let cat = r.pick(Tables.disabled)
            addAssist(i, cat, .pension, from: fromDate(fileA), to: nil, file: fileA)
            if r.chance(0.5) { addAssist(i, cat, .medical, from: fromDate(fileA), to: nil, file: fileA) }
            persons[i].tier = 100
        }
        // people of other districts on the lists
        for _ in 0..<max(2, Int(60 * scale)) {
            let e = addExternal(age: r.int(20...80), rng: &r)
            addAssist(e, r.pick(Tables.assistanceMedical), .medical, from: fromDate(fileA), to: nil, file: r.chance(0.5) ? fileA : fileB)
        }
        // a few assistance IDs as a spreadsheet leaves them
        for k in assists.indices where r.chance(0.04) {
            assists[k].rawID = r.chance(0.5) ? idText(assists[k].body) + " " : renderID(assists[k].body, form: .fullWidth)
        }
        recomputeFlags()
        // hardship pension payers choose the 100 tier mostly
        for i in 0..<n where persons[i].hardship && persons[i].pen.jan != .none && !persons[i].penDisabled && r.chance(0.7) {
            persons[i].tier = 100
        }

        // --- deaths ---
        let dStart = cal.day(8, 1), dEnd = LocalDate(year: Y, month: 1, day: 2).dayNumber
        let lastNotice = deathFiles.last!.dayNumber
        for i in 0..<n where !persons[i].used {
            let a = persons[i].age
            let monthly = a >= 85 ? 0.009 : a >= 80 ? 0.005 : a >= 70 ? 0.0022 : a >= 60 ? 0.0007 : a >= 30 ? 0.00008 : 0.00002
            guard r.chance(monthly * 5) else { continue }
            let d = dStart + r.below(dEnd - dStart + 1)
            addDeath(i, date: d, notice: min(lastNotice, d + r.int(3...25)), rng: &r)
            if r.chance(0.15) {
                addDeath(i, date: d, notice: min(lastNotice, d + r.int(26...50)), rng: &r)
            }
            persons[i].death = Int32(d)
            persons[i].used = true
            if d < cal.windowStart {
                let st: RosterStatus = r.chance(0.5) ? .terminated : .none
                persons[i].med.jan = persons[i].med.jan == .none ? .none : st
                persons[i].pen.jan = persons[i].pen.jan == .none ? .none : st
            }
        }
        for _ in 0..<max(1, Int(40 * scale)) {
            let e = addExternal(age: r.int(60...95), rng: &r)
            let d = dStart + r.below(dEnd - dStart + 1)
            addDeath(e, date: d, notice: min(lastNotice, d + r.int(3...25)), rng: &r)
        }

        // --- employee insurance ---
        for i in 0..<n where !persons[i].used && persons[i].age >= 25 && persons[i].age <= 55 && !persons[i].hardship {
            let u = r.unit()
            if u < 0.003 {
                // ended before the year: not active, pays as a resident
                let start = LocalDate(year: 2012, month: 1, day: 1).dayNumber + r.below(2500)
                let end = min(cal.windowEnd, start + 300 + r.below(2000))
                employees.append(EmployeeRecord(body: persons[i].body, name: persons[i].name, pension: r.chance(0.5),
                                                unit: r.pick(Tables.employers), start: Int32(start), end: Int32(end), file: 0))
            } else if u < 0.005 && persons[i].pen.sept == .none && persons[i].pen.jan == .none {
                // 职工养老 active, no resident pension row: pays medical only
                let start = LocalDate(year: 2014, month: 1, day: 1).dayNumber + r.below(3000)
                employees.append(EmployeeRecord(body: persons[i].body, name: persons[i].name, pension: true,
                                                unit: r.pick(Tables.employers), start: Int32(start), end: nil, file: 0))
            } else if u < 0.0065 && persons[i].pen.sept == .none && persons[i].pen.jan == .none {
                // 职工医保 active: does not pay resident medical
                let start = LocalDate(year: 2016, month: 1, day: 1).dayNumber + r.below(2800)
                employees.append(EmployeeRecord(body: persons[i].body, name: persons[i].name, pension: false,
                                                unit: r.pick(Tables.employers), start: Int32(start), end: nil,
                                                file: r.chance(0.8) ? 0 : 1))
                persons[i].used = true
            }
        }
        for _ in 0..<max(2, Int(30 * scale)) {
            let e = addExternal(age: r.int(22...58), rng: &r)
            employees.append(EmployeeRecord(body: persons[e].body, name: persons[e].name, pension: r.chance(0.5),
                                            unit: r.pick(Tables.employers),
                                            start: Int32(LocalDate(year: 2015, month: 3, day: 1).dayNumber + r.below(3000)),
                                            end: nil, file: r.chance(0.5) ? 0 : 1))
        }
        recomputeFlags()
    }

    func setStatus(_ i: Int, sept: RosterStatus, jan: RosterStatus) {
        persons[i].med = Enrol(sept: sept, jan: jan)
        if persons[i].pen.sept != .none || persons[i].pen.jan != .none {
            persons[i].pen = Enrol(sept: sept, jan: jan)
        }
        persons[i].used = true
    }

    func addDeath(_ p: Int, date d: Int, notice n: Int, source: String? = nil, rng r: inout Rng) {
        let notice = max(d, min(n, deathFiles.last!.dayNumber))
        let src = source ?? r.pick(["公安", "民政", "卫健"])
        var raw: String? = nil
        let b = persons[p].body
        if src == "公安", (b / 1000) % 100_000_000 / 10000 < 2000, r.chance(0.2) {
            raw = legacy15(b)
        }
        let file = deathFiles.firstIndex { $0.dayNumber >= notice } ?? deathFiles.count - 1
        deaths.append(DeathRecord(body: b, rawID: raw, name: persons[p].name, date: Int32(d), source: src,
                                  notice: Int32(notice), file: file))
    }

    /// The winning death date of each ID (latest 通报日期; ties: later file, then later line).
    func winningDeaths() -> [UInt64: Int32] {
        var best: [UInt64: (notice: Int32, file: Int, line: Int, date: Int32)] = [:]
        // line order within a file follows the array order of that file
        var lineInFile = [Int](repeating: 0, count: deathFiles.count)
        for d in deaths {
            lineInFile[d.file] += 1
            let cand = (d.notice, d.file, lineInFile[d.file], d.date)
            if let b = best[d.body] {
                if (cand.0, cand.1, cand.2) > (b.notice, b.file, b.line) { best[d.body] = cand }
            } else {
                best[d.body] = cand
            }
        }
        return best.mapValues { $0.date }
    }

    /// Recomputes each person's assistance, death and employee facts for the year from the records.
    func recomputeFlags() {
        var index: [UInt64: Int] = [:]
        index.reserveCapacity(persons.count)
        for i in persons.indices { index[persons[i].body] = i }
        let y0 = LocalDate(year: Y, month: 1, day: 1).dayNumber, y1 = LocalDate(year: Y, month: 12, day: 31).dayNumber
        for i in persons.indices {
            persons[i].hardship = false; persons[i].medFull = false; persons[i].penDisabled = false
            persons[i].empMed = false; persons[i].empPen = false; persons[i].death = Int32.max
        }
        for a in assists {
            guard Int(a.from) <= y1, a.to == nil || Int(a.to!) >= y0, let i = index[a.body] else { continue }
            persons[i].hardship = true
            if a.ins == .medical && Tables.assistanceMedical.contains(a.category) { persons[i].medFull = true }
            if a.ins == .pension && Tables.disabled.contains(a.category) { persons[i].penDisabled = true }
        }
        for e in employees {
            guard Int(e.start) <= y1, e.end == nil || Int(e.end!) >= y0, let i = index[e.body] else { continue }
            if e.pension { persons[i].empPen = true } else { persons[i].empMed = true }
        }
        for (b, d) in winningDeaths() {
            if let i = index[b] { persons[i].death = d }
        }
    }

    /// Medical entitlement: 2 full, 1 half, 0 none (from ID facts).
    func medicalEntitlement(_ i: Int) -> Int {
        let p = persons[i]
        if p.age >= 70 || p.medFull { return 2 }
        if p.age >= 60 { return 1 }
        return 0
    }
}

/// 15-digit legacy form of a 19xx-born ID body: region + YYMMDD + sequence.
func legacy15(_ body: UInt64) -> String {
    let s = String(body)   // 17 digits
    let u = Array(s.utf8)
    return String(decoding: u[0..<6] + u[8..<17], as: UTF8.self)
}
