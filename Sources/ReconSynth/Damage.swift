import ReconCore

extension World {
    /// Damaged statement files that hold payments nowhere else: a few fresh payments each (moved out of
    /// their normal file), so their ledger rows open LEDGER_WITHOUT_PAYMENT. Also the unionpay line of
    /// wrong width and the ledger line whose amount does not parse, and the rejected roster line.
    func makeSlots(take: @escaping ((Int) -> Bool) -> Int?, only: @escaping (Int, Insurance, Set<Channel>?) -> Int?,
                   clean: @escaping (Int) -> Bool) -> [FileSpec] {
        var r = root.fork("slots")
        let specs: [(Channel, Int, String, String)] = [
            (.wechat, 1, "truncated_gzip", "gzip stream cut off"),
            (.wechat, 1, "missing_footer", "no summary lines"),
            (.alipay, 1, "missing_footer", "no '#' footer lines"),
            (.ccbPos, 10, "missing_footer", "no T|END trailer"),
            (.wechat, 1, "wrong_totals", "应结订单总金额 off by 1.00"),
            (.alipay, 1, "wrong_totals", "交易合计 counts one payment more"),
            (.ccbPos, 10, "wrong_totals", "H record 总金额 off by 10.00"),
            (.alipay, 1, "broken_line", "one line's 订单金额 reads 38O.00"),
            (.ccbPos, 10, "bad_gbk", "a byte 0xFF where a GBK character was"),
        ]
        var slots: [FileSpec] = []
        var taken = Set<Int64>()
        let stmtChs = World.statementChannels
        for (s, spec) in specs.enumerated() {
            let (ch, m, damage, what) = spec
            var day = 0
            repeat { day = cal.windowStart + 9 + r.below(45) } while taken.contains(Int64(day) << 8 | Int64(m) << 4 | Int64(World.personalChannels.firstIndex(of: ch)!))
            taken.insert(Int64(day) << 8 | Int64(m) << 4 | Int64(World.personalChannels.firstIndex(of: ch)!))
            // the small merchant's ordinary payments of that day go to the main merchant
            for k in pays.indices where pays[k].ch == ch && Int(pays[k].merchant) == m && (pays[k].day == day || (pays[k].refund > 0 && pays[k].refundDay == day)) {
                pays[k].merchant = ch == .ccbPos ? Int16(villages[Int(pays[k].village)].town) : 0
            }
            let f = FileSpec(name: fileName(ch, merchant: m, day: day), format: ch.rawValue, date: LocalDate(dayNumber: day), kind: .stmt(ch, m))
            f.damage = damage
            f.quarantined = true
            let n = scale >= 0.5 ? 3 : 2
            var moved: [Int] = []
            for _ in 0..<n {
                guard let i = take({ clean($0) && only($0, .medical, stmtChs) != nil }) else { break }
                let k = only(i, .medical, nil)!
                pays[k].ch = ch
                pays[k].merchant = Int16(m)
                pays[k].payer = payer(household: Int(persons[i].household), ch: ch, rng: &r)
                pays[k].time = randomTime(day: day, ch: ch, rng: &r)
                pays[k].stmt = .slot(s)
                pays[k].idForm = .canonical
                moved.append(k)
                expect("LEDGER_WITHOUT_PAYMENT", .ticket(k), "its statement is in \(f.name), quarantined (\(damage))")
            }
            f.note = "quarantined (\(what)); holds the only copy of \(moved.count) payment(s): their ledger rows open LEDGER_WITHOUT_PAYMENT"
            slots.append(f)
        }
        // a unionpay line of wrong width: rejected, the rest of the file counts
        if let i = take({ clean($0) && only($0, .medical, [.unionpay]) != nil && pays[only($0, .medical, nil)!].day <= cal.windowEnd - 2 }) {
            let k = only(i, .medical, nil)!
            pays[k].brokenLine = true
            expect("LEDGER_WITHOUT_PAYMENT", .ticket(k), "its unionpay line is 606 bytes wide and rejected")
        }
        // a ledger line whose amount does not parse: rejected, so the payment is not in the ledger
        if let i = take({ clean($0) && only($0, .medical, stmtChs) != nil && pays[only($0, .medical, nil)!].day <= cal.windowEnd - 2 }) {
            let k = only(i, .medical, nil)!
            pays[k].ledger = .brokenAmount("38O.00")
            expect("NOT_IN_TAX_LEDGER", .txn(k), "its ledger line has the amount 38O.00 and is rejected")
        }
        // a roster line with 险种 生育: rejected, harmless
        if let i = take({ clean($0) }) {
            brokenRosterLines.append((person: i, insurance: "生育"))
        }
        return slots
    }

    /// File-level damage after layout: bank batches damaged and re-sent, a duplicate delivery,
    /// a reference file with a wrong header, a file nobody recognises.
    func applyFileDamage() {
        var r = root.fork("file-damage")
        func d8(_ d: LocalDate) -> String { var b = Bytes(); b.date8(d); return String(decoding: b.b, as: UTF8.self) }
        var banks = files.filter {
            if case .stmt(.bank, _) = $0.kind, $0.date.dayNumber >= cal.day(11, 1), $0.date.dayNumber <= cal.day(12, 20), $0.stmtRows.count >= 2 { return true }
            return false
        }
        r.shuffle(&banks)
        var used = Set<ObjectIdentifier>()
        func pickBank(_ m: Int) -> FileSpec? {
            for f in banks where !used.contains(ObjectIdentifier(f)) {
                if case .stmt(_, let mm) = f.kind, mm == m { used.insert(ObjectIdentifier(f)); return f }
            }
            return banks.first { !used.contains(ObjectIdentifier($0)) }.map { used.insert(ObjectIdentifier($0)); return $0 }
        }
        for (m, damage, what) in [(0, "corrupt_gzip", "corrupt gzip stream"), (1, "wrong_totals", "成功金额 in the batch header off by 380.00")] {
            guard let good = pickBank(m), case .stmt(_, let mm) = good.kind else { continue }
            let bad = FileSpec(name: good.name, format: "bank", date: good.date, kind: good.kind)
            bad.stmtRows = good.stmtRows
            bad.damage = damage
            bad.quarantined = true
            good.batch = 2
            good.name = fileName(.bank, merchant: mm, day: good.date.dayNumber, batch: 2)
            bad.note = "quarantined (\(what)); the bank re-sent the same debits as \(good.name), which counts"
            good.note = "re-sent batch replacing the damaged \(bad.name)"
            files.append(bad)
        }
        if let orig = pickBank(r.below(2)), case .stmt(_, let mm) = orig.kind {
            let dup = FileSpec(name: fileName(.bank, merchant: mm, day: orig.date.dayNumber, batch: 2), format: "bank", date: orig.date, kind: orig.kind)
            dup.stmtRows = orig.stmtRows
            dup.duplicateOf = orig
            dup.damage = "duplicate_delivery"
            dup.note = "byte-identical to \(orig.name): skipped as a duplicate delivery"
            files.append(dup)
        }
        // employee list with a wrong header; its rows also arrive in the good lists
        let copies = employees.filter { $0.file != 2 }.prefix(6).map { e -> EmployeeRecord in var c = e; c.file = 2; return c }
        employees.append(contentsOf: copies)
        employeeFiles.append(date(cal.day(12, 1)))
        let eh = FileSpec(name: "employee_insured_\(d8(date(cal.day(12, 1)))).csv.gz", format: "employee", date: date(cal.day(12, 1)), kind: .employee(2))
        eh.damage = "bad_header"
        eh.quarantined = true
        eh.note = "quarantined (header says 身份证号 and 工作单位); its \(copies.count) rows also arrive in the good employee lists"
        files.append(eh)
        // a file whose name matches no format
        let junk = FileSpec(name: "山亭区征缴进度_\(d8(date(cal.day(12, 20)))).csv.gz", format: nil, date: date(cal.day(12, 20)), kind: .junk)
        junk.damage = "unrecognised_name"
        junk.quarantined = true
        junk.note = "a progress sheet dropped into the inbox: unrecognised name"
        files.append(junk)
        // notes on the other damaged files
        for f in files where f.kind == .ledger && f.ledgerRows.contains(where: { if case .brokenAmount = pays[Int($0.pay)].ledger { return !$0.refund }; return false }) {
            f.note = "one line has the amount 38O.00: rejected, the rest counts"
        }
        for f in files {
            if case .stmt(.unionpay, _) = f.kind, f.stmtRows.contains(where: { $0.kind == .payment && pays[Int($0.pay)].brokenLine }) {
                f.note = "one line is 606 bytes wide: rejected, the rest counts"
            }
            if case .enrollment(true) = f.kind, !brokenRosterLines.isEmpty {
                f.note = "\(brokenRosterLines.count) line(s) with 险种 生育: rejected, the rest counts"
            }
            if f.twoMembers && f.note == nil { f.note = "two gzip members" }
        }
    }
}
