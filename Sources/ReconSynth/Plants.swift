import ReconCore

/// Planted anomalies. Every plant takes fresh persons (never used by another plant or a special
/// background case), changes their data so that exactly the listed findings open, and records them.
/// The evaluator (Evaluate.swift) then confirms: the manifest lists what it finds.
extension World {
    static let statementChannels: Set<Channel> = [.wechat, .alipay, .unionpay, .ccbPos, .bank]

    /// Anomalies (when on) and the payments of damaged-file slots (when damage is on); returns the slots.
    func plantAll() -> [FileSpec] {
        var r = root.fork("plants")
        var perm = persons.indices.filter { persons[$0].household >= 0 }
        r.shuffle(&perm)
        var index: [Int64: [Int]] = [:]
        func key(_ i: Int, _ ins: Insurance) -> Int64 { Int64(i) * 2 + (ins == .medical ? 0 : 1) }
        for k in pays.indices { index[key(Int(pays[k].person), pays[k].ins), default: []].append(k) }

        func personalOf(_ i: Int, _ ins: Insurance) -> [Int] {
            (index[key(i, ins)] ?? []).filter { !pays[$0].isGov && !pays[$0].dropped && !pays[$0].failedOnly }
        }
        func govOf(_ i: Int, _ ins: Insurance) -> [Int] {
            (index[key(i, ins)] ?? []).filter { pays[$0].isGov && !pays[$0].dropped }
        }
        func mainMerchant(_ p: Pay) -> Bool {
            switch p.ch {
            case .wechat, .alipay: return p.merchant == 0
            case .ccbPos: return p.merchant != 10
            default: return true
            }
        }
        func simple(_ k: Int) -> Bool {
            let p = pays[k]
            guard case .normal = p.ledger else { return false }
            return p.refund == 0 && p.stmt == .normal && p.resend == .none && !p.failedOnly && !p.dropped
                && p.bankFailedBefore == 0 && p.day >= cal.windowStart && p.day <= cal.windowEnd && mainMerchant(p)
                && p.rawID == nil && p.nameOverride == nil && p.idForm == .canonical
        }
        /// The person's single personal payment for the insurance, when it is a plain one.
        func only(_ i: Int, _ ins: Insurance, _ chs: Set<Channel>? = nil) -> Int? {
            let ps = personalOf(i, ins)
            guard ps.count == 1, simple(ps[0]) else { return nil }
            if let chs, !chs.contains(pays[ps[0]].ch) { return nil }
            return ps[0]
        }
        func alive(_ i: Int) -> Bool {
            let p = persons[i]
            return p.household >= 0 && !p.used && !p.isDead && p.med.sept == .normal && p.med.jan == .normal
                && !p.empMed && !p.empPen && p.localHukou
        }
        /// Not entitled to anything, no assistance at all, adult.
        func clean(_ i: Int) -> Bool {
            let p = persons[i]
            return alive(i) && !p.hardship && p.age >= 18 && p.age <= 58
        }
        func noPension(_ i: Int) -> Bool { persons[i].pen.sept == .none && persons[i].pen.jan == .none }
        func take(_ pred: (Int) -> Bool) -> Int? {
            let n = perm.count
            let start = r.below(n)
            for j in 0..<n {
                let i = perm[(start + j) % n]
                if !persons[i].used && pred(i) {
                    persons[i].used = true
                    return i
                }
            }
            return nil
        }
        @discardableResult
        func add(_ i: Int, _ ins: Insurance, _ amount: Int64, _ ch: Channel, _ time: Int64, year: Int? = nil) -> Int {
            let k = addPay(person: i, ins: ins, amount: amount, ch: ch, time: time, rng: &r, year: year)
            if ch == .wechat || ch == .alipay { pays[k].merchant = 0 }
            if ch == .ccbPos && pays[k].merchant == 10 { pays[k].merchant = Int16(persons[i].town) }
            index[key(i, ins), default: []].append(k)
            return k
        }
        func windowTime(_ ch: Channel, from: Int? = nil, to: Int? = nil) -> Int64 {
            let d0 = from ?? cal.windowStart + 20, d1 = to ?? cal.windowEnd
            return randomTime(day: d0 + r.below(d1 - d0 + 1), ch: ch, rng: &r)
        }
        func janTime(_ ch: Channel) -> Int64 {
            randomTime(day: LocalDate(year: Y, month: 1, day: 2).dayNumber + r.below(6), ch: ch, rng: &r)
        }
        func id(_ i: Int) -> String { idText(persons[i].body) }
        func nm(_ i: Int) -> String { persons[i].name }
        func otherName(_ s: String) -> String {
            var c = Array(s)
            let pool = Tables.maleChars + Tables.femaleChars
            var x = Character(r.pick(pool))
            while x == c[c.count - 1] { x = Character(r.pick(pool)) }
            c[c.count - 1] = x
            return String(c)
        }
        let stmtChs = World.statementChannels
        var slots: [FileSpec] = []
        if damaged {
            slots = makeSlots(take: take, only: only, clean: clean)
        }
        if !anomalies { return slots }

        // ---------------- INVALID_ID ----------------
        for j in 0..<count(16) {
            guard let i = take({ clean($0) && only($0, .medical, stmtChs) != nil }) else { break }
            let k = only(i, .medical)!
            let u = Array(id(i).utf8)
            var raw: String
            let what: String
            switch j % 4 {
            case 0:
                var v = u
                v[17] = v[17] == 0x30 ? 0x31 : (v[17] == 0x58 ? 0x30 : v[17] == 0x39 ? 0x58 : v[17] + 1)
                raw = String(decoding: v, as: UTF8.self); what = "wrong check character"
            case 1:
                var v = u; v.remove(at: 9)
                raw = String(decoding: v, as: UTF8.self); what = "a digit left out (17 characters)"
            case 2:
                var v = Array(u[0..<17]); v[10] = 0x30 + 2; v[11] = 0x30 + 3; v[12] = 0x30 + 3; v[13] = 0x30 + 0
                v.append(checkByteDigits(v))
                raw = String(decoding: v, as: UTF8.self); what = "impossible birth date (MMDD 0230) with a right check character"
            default:
                var v = u; v[14] = UInt8(ascii: "O")
                raw = String(decoding: v, as: UTF8.self); what = "letter O typed for a zero"
            }
            pays[k].rawID = raw
            expect("INVALID_ID", .txn(k), "\(pays[k].ch.rawValue) medical payment of \(nm(i)) typed as \(raw): \(what); the ledger books the same text")
        }

        // ---------------- NOT_ENROLLED ----------------
        for j in 0..<count(16) {
            if j % 2 == 0 {
                let e = addExternal(age: r.int(25...50), rng: &r)
                let ch: Channel = [.wechat, .alipay, .etax, .ccbPos][j / 2 % 4]
                let k = add(e, .medical, Policy2024.medicalFull, ch, windowTime(ch))
                expect("NOT_ENROLLED", .txn(k), "\(ch.rawValue): \(idText(persons[e].body)) of another district paid medical 380; no roster row")
            } else {
                guard let i = take({ clean($0) && noPension($0) && only($0, .medical) != nil }) else { continue }
                let k = only(i, .medical)!
                persons[i].med.jan = .none
                expect("NOT_ENROLLED", .txn(k), "\(nm(i)) paid medical, then left the roster (in the September snapshot, not in the current one)")
            }
        }

        // ---------------- NAME_MISMATCH ----------------
        for j in 0..<count(12) {
            switch j % 4 {
            case 0:
                guard let i = take({ clean($0) && only($0, .medical, [.bank]) != nil }) else { continue }
                let k = only(i, .medical)!
                pays[k].nameOverride = otherName(nm(i))
                expect("NAME_MISMATCH", .txn(k), "bank row names \(pays[k].nameOverride!) for \(nm(i))")
            case 1:
                guard let i = take({ clean($0) && only($0, .medical, [.etax, .aishandong]) != nil }) else { continue }
                let k = only(i, .medical)!
                pays[k].nameOverride = otherName(nm(i))
                expect("NAME_MISMATCH", .txn(k), "\(pays[k].ch.rawValue) ledger row names \(pays[k].nameOverride!) for \(nm(i))")
            case 2:
                // twins: the debit carries one twin's ID and the other's name (did you mean …)
                guard let a = take({ clean($0) && noPension($0) && only($0, .medical, [.bank]) != nil }) else { continue }
                let k = only(a, .medical)!
                let pa = persons[a]
                var digits = Array(String(pa.body).utf8)
                digits[15] = digits[15] == 0x39 ? 0x30 : digits[15] + 1
                var body = UInt64(String(decoding: digits, as: UTF8.self))!
                while bodies.contains(body) { digits[15] = digits[15] == 0x39 ? 0x30 : digits[15] + 1; body = UInt64(String(decoding: digits, as: UTF8.self))! }
                bodies.insert(body)
                var twin = pa
                twin.body = body
                twin.male = (body % 2) == 1
                twin.name = randomName(male: twin.male, surname: String(pa.name.first!), rng: &r)
                while twin.name == pa.name { twin.name = randomName(male: twin.male, surname: String(pa.name.first!), rng: &r) }
                twin.pen = Enrol(); twin.tier = 0; twin.idForm = 0; twin.used = true
                persons.append(twin)
                let b = persons.count - 1
                extraMembers[Int(pa.household), default: []].append(b)
                let kb = add(b, .medical, Policy2024.medicalFull, .bank, pays[k].time + Int64(r.int(40...300)))
                pays[kb].payer = pays[k].payer; pays[kb].merchant = pays[k].merchant; pays[kb].village = pays[k].village
                pays[k].nameOverride = twin.name
                expect("NAME_MISMATCH", .txn(k), "bank debit for twin \(pa.name) \(idText(pa.body)) carries the name of twin \(twin.name) \(idText(body)) (did you mean: one digit apart, same village)")
            default:
                guard let i = take({ alive($0) && persons[$0].age >= 70 && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                let k = govOf(i, .medical)[0]
                pays[k].nameOverride = otherName(nm(i))
                expect("NAME_MISMATCH", .txn(k), "government payment for \(nm(i)) booked under the name \(pays[k].nameOverride!)")
            }
        }

        // ---------------- INACTIVE_ENROLLMENT ----------------
        for j in 0..<count(10) {
            guard let i = take({ clean($0) && noPension($0) && only($0, .medical) != nil }) else { break }
            let k = only(i, .medical)!
            let st: RosterStatus = j % 2 == 0 ? .terminated : .suspended
            persons[i].med.jan = st
            expect("INACTIVE_ENROLLMENT", .txn(k), "\(nm(i)) paid medical; the current roster says \(st.chinese)")
        }

        // ---------------- PAID_AFTER_DEATH ----------------
        for j in 0..<count(8) {
            if j % 3 == 2 {
                // the government paid for someone already dead
                guard let i = take({ alive($0) && persons[$0].age >= 75 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                let k = govOf(i, .medical)[0]
                let d = pays[k].day - r.int(3...25)
                addDeath(i, date: d, notice: d + r.int(3...12), source: "卫健", rng: &r)
                expect("PAID_AFTER_DEATH", .txn(k), "government medical payment on \(pays[k].date) for \(nm(i)) who died \(date(d))")
            } else {
                guard let i = take({ clean($0) && noPension($0) && only($0, .medical) != nil && pays[only($0, .medical)!].day > cal.windowStart + 30 }) else { continue }
                let k = only(i, .medical)!
                let d = pays[k].day - r.int(2...20)
                addDeath(i, date: d, notice: d + r.int(2...10), source: r.pick(["公安", "民政"]), rng: &r)
                expect("PAID_AFTER_DEATH", .txn(k), "the family paid medical on \(pays[k].date) for \(nm(i)) who died \(date(d))")
            }
        }
        // near misses: paid on the death day; a later correction moves the death after the payment
        if let i = take({ clean($0) && noPension($0) && only($0, .medical) != nil }) {
            let k = only(i, .medical)!
            addDeath(i, date: pays[k].day, notice: pays[k].day + 5, source: "卫健", rng: &r)
            nearMisses.append(("\(id(i)) paid medical on the day of death \(pays[k].date): no PAID_AFTER_DEATH", k))
        }
        if let i = take({ clean($0) && noPension($0) && only($0, .medical) != nil && pays[only($0, .medical)!].day > cal.windowStart + 30 && pays[only($0, .medical)!].day < cal.windowEnd - 10 }) {
            let k = only(i, .medical)!
            let d = pays[k].day
            addDeath(i, date: d - 9, notice: d - 3, source: "民政", rng: &r)
            addDeath(i, date: d + 4, notice: d + 8, source: "公安", rng: &r)
            nearMisses.append(("\(id(i)): death first reported \(date(d - 9)), corrected later to \(date(d + 4)); paid \(date(d)): no PAID_AFTER_DEATH (latest 通报日期 wins)", k))
        }

        // ---------------- DUPLICATE_PAYMENT ----------------
        let allPersonal: [Channel] = [.wechat, .alipay, .unionpay, .ccbPos, .bank, .aishandong, .etax]
        for j in 0..<count(20) {
            switch j % 4 {
            case 0, 1:
                guard let i = take({ clean($0) && only($0, .medical) != nil }) else { continue }
                let k = only(i, .medical)!
                var ch = r.pick(allPersonal)
                while ch == pays[k].ch { ch = r.pick(allPersonal) }
                let k2 = add(i, .medical, Policy2024.medicalFull, ch, windowTime(ch))
                expect("DUPLICATE_PAYMENT", .person(i, .medical), "medical paid twice: \(pays[k].ch.rawValue) and \(ch.rawValue)")
                _ = k2
            case 2:
                guard let i = take({ clean($0) && !persons[$0].student && only($0, .pension) != nil }) else { continue }
                let k = only(i, .pension)!
                let ch = r.pick(allPersonal)
                add(i, .pension, pays[k].amount, ch, windowTime(ch))
                expect("DUPLICATE_PAYMENT", .person(i, .pension), "pension \(pays[k].amount / 100) paid twice (\(pays[k].ch.rawValue), \(ch.rawValue))")
            default:
                guard let i = take({ alive($0) && persons[$0].age >= 70 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                let g = govOf(i, .medical)[0]
                let other = pays[g].day == govBatchA ? govBatchB : govBatchA
                _ = add(i, .medical, Policy2024.medicalFull, .gov, randomTime(day: other, ch: .gov, rng: &r))
                expect("DUPLICATE_PAYMENT", .person(i, .medical), "government paid medical 380 twice (both batches)")
            }
        }
        // near miss: refunded mistake, then the right payment
        if let i = take({ clean($0) && only($0, .medical, [.wechat, .alipay]) != nil }) {
            let k = only(i, .medical)!
            let t0 = pays[k].time - 3600
            if t0 > Int64(cal.windowStart) * 86400 {
                let k0 = add(i, .medical, 35000, pays[k].ch, t0)
                pays[k0].payer = pays[k].payer
                pays[k0].refund = t0 + 600
                nearMisses.append(("\(id(i)): paid 350 by mistake, refunded the same day, paid 380: no DUPLICATE_PAYMENT, no NONSTANDARD_AMOUNT", k0))
            }
        }

        // ---------------- NONSTANDARD_AMOUNT ----------------
        for j in 0..<count(16) {
            switch j % 5 {
            case 0:
                guard let i = take({ clean($0) && only($0, .medical) != nil }) else { continue }
                let k = only(i, .medical)!
                pays[k].amount = r.pick([35000, 30000, 40000, 36000])
                expect("NONSTANDARD_AMOUNT", .txn(k), "medical personal payment of \(Money.yuan(pays[k].amount)) (standard 380)")
            case 1:
                guard let i = take({ clean($0) && !persons[$0].student && only($0, .pension) != nil }) else { continue }
                let k = only(i, .pension)!
                pays[k].amount = r.pick([40000, 45000, 60000, 120000])
                expect("NONSTANDARD_AMOUNT", .txn(k), "pension payment of \(Money.yuan(pays[k].amount)) is no tier")
            case 2:
                guard let i = take({ alive($0) && !persons[$0].hardship && persons[$0].age >= 60 && persons[$0].age <= 69 && noPension($0) && only($0, .medical) != nil && govOf($0, .medical).count == 1 }) else { continue }
                let k = only(i, .medical)!
                pays[k].amount = Policy2024.medicalFull
                expect("NONSTANDARD_AMOUNT", .txn(k), "half-paid person (age \(persons[i].age)) paid 380 personally instead of 190")
            case 3:
                guard let i = take({ alive($0) && persons[$0].penDisabled && govOf($0, .pension).count == 1 && personalOf($0, .pension).isEmpty }) else { continue }
                let k = govOf(i, .pension)[0]
                pays[k].amount = 5000
                expect("NONSTANDARD_AMOUNT", .txn(k), "government pension payment for 重度残疾 of 50.00 (must be 100)")
            default:
                guard let i = take({ alive($0) && persons[$0].age >= 72 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                let k = govOf(i, .medical)[0]
                pays[k].amount = Policy2024.medicalHalf
                expect("NONSTANDARD_AMOUNT", .txn(k), "government paid 190 for a fully-paid person aged \(persons[i].age) (must be 380; counts as half_paid)")
            }
        }

        // ---------------- TIER_NOT_ALLOWED ----------------
        for j in 0..<count(8) {
            guard let i = take({ clean($0) && !persons[$0].student && only($0, .pension) != nil }) else { break }
            let k = only(i, .pension)!
            pays[k].amount = 10000
            if j % 3 == 2 {
                assists.append(AssistRecord(body: persons[i].body, rawID: nil, name: nm(i), category: "低保对象", ins: .medical,
                                            from: Int32(LocalDate(year: 2020, month: 3, day: 1).dayNumber),
                                            to: Int32(cal.day(6, 30)), file: 0))
                expect("TIER_NOT_ALLOWED", .txn(k), "pension 100 by \(nm(i)) whose 低保 ended \(date(cal.day(6, 30))) (not valid for \(Y))")
            } else {
                expect("TIER_NOT_ALLOWED", .txn(k), "pension 100 by \(nm(i)) who is on no assistance list")
            }
        }

        // ---------------- SHOULD_BE_GOVERNMENT_PAID ----------------
        for j in 0..<count(10) {
            let pred: (Int) -> Bool = j % 3 == 2
                ? { [self] in alive($0) && persons[$0].medFull && persons[$0].age < 60 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }
                : { [self] in alive($0) && persons[$0].age >= 70 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }
            guard let i = take(pred) else { continue }
            let ch = r.pick(allPersonal)
            let k = add(i, .medical, Policy2024.medicalFull, ch, windowTime(ch))
            expect("SHOULD_BE_GOVERNMENT_PAID", .txn(k), "\(nm(i)) (\(persons[i].medFull ? "medical assistance" : "age \(persons[i].age)")) paid 380 personally via \(ch.rawValue); the government paid too")
        }

        // ---------------- MISSING_GOVERNMENT_PAYMENT ----------------
        for j in 0..<count(12) {
            switch j % 4 {
            case 0:
                guard let i = take({ alive($0) && persons[$0].age >= 70 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                pays[govOf(i, .medical)[0]].dropped = true
                expect("MISSING_GOVERNMENT_PAYMENT", .person(i, .medical), "no government payment for \(nm(i)), age \(persons[i].age)")
            case 1:
                guard let i = take({ alive($0) && !persons[$0].hardship && persons[$0].age >= 60 && persons[$0].age <= 69 && noPension($0) && govOf($0, .medical).count == 1 && only($0, .medical) != nil }) else { continue }
                pays[govOf(i, .medical)[0]].dropped = true
                expect("MISSING_GOVERNMENT_PAYMENT", .person(i, .medical), "\(nm(i)) (age \(persons[i].age)) paid the personal 190; the government's 190 is missing")
            case 2:
                guard let i = take({ alive($0) && persons[$0].penDisabled && govOf($0, .pension).count == 1 && personalOf($0, .pension).isEmpty }) else { continue }
                pays[govOf(i, .pension)[0]].dropped = true
                expect("MISSING_GOVERNMENT_PAYMENT", .person(i, .pension), "重度残疾 \(nm(i)): no government pension payment")
            default:
                guard let i = take({ alive($0) && persons[$0].age >= 70 && noPension($0) && govOf($0, .medical).count == 1 && personalOf($0, .medical).isEmpty }) else { continue }
                let k = govOf(i, .medical)[0]
                pays[k].refund = pays[k].time + Int64(r.int(1...2)) * 86400 + Int64(r.below(3600))
                expect("MISSING_GOVERNMENT_PAYMENT", .person(i, .medical), "the government payment for \(nm(i)) was reversed (退费) on \(LocalDateTime(seconds: pays[k].refund).date)")
            }
        }

        // ---------------- GOVERNMENT_PAID_INELIGIBLE ----------------
        for j in 0..<count(8) {
            switch j % 3 {
            case 0:
                guard let i = take({ clean($0) && only($0, .medical) != nil }) else { continue }
                let k = add(i, .medical, Policy2024.medicalFull, .gov, randomTime(day: govBatchA, ch: .gov, rng: &r))
                expect("GOVERNMENT_PAID_INELIGIBLE", .txn(k), "government paid medical 380 for \(nm(i)), age \(persons[i].age), no assistance (who also paid personally)")
            case 1:
                guard let i = take({ clean($0) && !persons[$0].student && only($0, .pension) != nil }) else { continue }
                let k = add(i, .pension, Policy2024.pensionGov, .gov, randomTime(day: govBatchB, ch: .gov, rng: &r))
                expect("GOVERNMENT_PAID_INELIGIBLE", .txn(k), "government paid pension 100 for \(nm(i)) who is not 重度残疾")
            default:
                guard let i = take({ clean($0) && only($0, .medical) != nil }) else { continue }
                assists.append(AssistRecord(body: persons[i].body, rawID: nil, name: nm(i), category: "低保对象", ins: .medical,
                                            from: Int32(LocalDate(year: 2019, month: 5, day: 1).dayNumber), to: Int32(cal.windowEnd), file: 0))
                let k = add(i, .medical, Policy2024.medicalFull, .gov, randomTime(day: govBatchA, ch: .gov, rng: &r))
                expect("GOVERNMENT_PAID_INELIGIBLE", .txn(k), "government paid medical for \(nm(i)) whose 低保 ended \(date(cal.windowEnd))")
            }
        }

        // ---------------- INELIGIBLE_PENSION ----------------
        for j in 0..<count(8) {
            let student = j % 2 == 1
            let pred: (Int) -> Bool = student
                ? { [self] in alive($0) && !persons[$0].hardship && persons[$0].student && persons[$0].age >= 18 && persons[$0].age <= 22 && noPension($0) }
                : { [self] in alive($0) && !persons[$0].hardship && persons[$0].age >= 60 && persons[$0].age <= 64 && noPension($0) && govOf($0, .medical).count == 1 }
            guard let i = take(pred) else { continue }
            persons[i].pen = Enrol(sept: .normal, jan: .normal)
            persons[i].tier = student ? 350 : 500
            let ch = r.pick([Channel.wechat, .alipay, .bank, .etax])
            let k = add(i, .pension, Int64(persons[i].tier) * 100, ch, windowTime(ch))
            expect("INELIGIBLE_PENSION", .txn(k), student ? "student \(nm(i)) (在校学生 是, age \(persons[i].age)) paid pension" : "\(nm(i)), age \(persons[i].age), paid pension")
        }

        // ---------------- EMPLOYEE_INSURED ----------------
        for j in 0..<count(8) {
            let pension = j % 3 == 2
            guard let i = take({ clean($0) && !persons[$0].student && only($0, pension ? .pension : .medical) != nil }) else { continue }
            let start = j % 4 == 1 ? LocalDate(year: Y, month: 2, day: 1).dayNumber : cal.day(7, 1)
            employees.append(EmployeeRecord(body: persons[i].body, name: nm(i), pension: pension, unit: r.pick(Tables.employers),
                                            start: Int32(start), end: nil, file: 1))
            expect("EMPLOYEE_INSURED", .person(i, pension ? .pension : .medical),
                   "\(nm(i)) paid resident \(pension ? "pension" : "medical") while \(pension ? "职工养老" : "职工医保") is active from \(date(start))")
        }

        // ---------------- LATE_PAYMENT ----------------
        for _ in 0..<count(24) {
            guard let i = take({ clean($0) && only($0, .medical) != nil }) else { break }
            let k = only(i, .medical)!
            pays[k].time = janTime(pays[k].ch)
            expect("LATE_PAYMENT", .txn(k), "\(pays[k].ch.rawValue) medical payment on \(pays[k].date), after the window; cover starts \(pays[k].date.adding(days: 30))")
        }

        // ---------------- REFUND_AFTER_CUTOFF ----------------
        let refundable: Set<Channel> = [.wechat, .alipay, .unionpay, .ccbPos, .aishandong, .etax]
        for j in 0..<count(10) {
            if j % 4 == 3 {
                // paid twice; the second payment refunded in January
                guard let i = take({ clean($0) && only($0, .medical, [.wechat, .alipay]) != nil }) else { continue }
                let k = only(i, .medical)!
                let k2 = add(i, .medical, Policy2024.medicalFull, pays[k].ch, windowTime(pays[k].ch, from: cal.windowEnd - 12))
                pays[k2].payer = pays[k].payer
                pays[k2].refund = janTime(pays[k].ch)
                expect("REFUND_AFTER_CUTOFF", .reversal(k2), "duplicate medical payment refunded on \(LocalDateTime(seconds: pays[k2].refund).date) (no DUPLICATE_PAYMENT any more)")
            } else {
                guard let i = take({ clean($0) && only($0, .medical, refundable) != nil }) else { continue }
                let k = only(i, .medical)!
                pays[k].refund = janTime(pays[k].ch)
                pays[k].refundKindAlt = true
                expect("REFUND_AFTER_CUTOFF", .reversal(k), "\(pays[k].ch.rawValue) medical payment refunded on \(LocalDateTime(seconds: pays[k].refund).date)")
            }
        }

        // ---------------- POOLED_ACCOUNT ----------------
        plantPooled(count(4, min: 3), only: only, clean: clean, rng: &r)

        // ---------------- NOT_IN_TAX_LEDGER / LEDGER_WITHOUT_PAYMENT / LEDGER_MISMATCH ----------------
        let last = cal.windowEnd - 2
        for j in 0..<count(12) {
            guard let i = take({ clean($0) && only($0, .medical, stmtChs) != nil && pays[only($0, .medical)!].day <= last }) else { break }
            let k = only(i, .medical)!
            switch j % 3 {
            case 0:
                pays[k].ledger = .none
                expect("NOT_IN_TAX_LEDGER", .txn(k), "\(pays[k].ch.rawValue) payment never booked by the tax office")
            case 1:
                let other: Channel = pays[k].ch == .wechat ? .alipay : .wechat
                pays[k].ledger = .otherChannel(other)
                expect("NOT_IN_TAX_LEDGER", .txn(k), "booked under the wrong channel \(other.ledgerName)")
                expect("LEDGER_WITHOUT_PAYMENT", .ticket(k), "ledger row says \(other.ledgerName) but the reference is a \(pays[k].ch.rawValue) one")
            default:
                pays[k].ledger = .refTypo("")
                expect("NOT_IN_TAX_LEDGER", .txn(k), "the ledger row has a mistyped 渠道流水号")
                expect("LEDGER_WITHOUT_PAYMENT", .ticket(k), "mistyped 渠道流水号 (two digits swapped) matches no payment")
            }
        }
        for _ in 0..<count(8) {
            guard let i = take({ clean($0) && only($0, .medical, stmtChs) != nil && pays[only($0, .medical)!].day <= last }) else { break }
            let k = only(i, .medical)!
            pays[k].stmt = .none
            expect("LEDGER_WITHOUT_PAYMENT", .ticket(k), "the \(pays[k].ch.rawValue) statement never listed this payment")
        }
        for j in 0..<count(10) {
            guard let i = take({ clean($0) && only($0, .medical, stmtChs) != nil }) else { break }
            let k = only(i, .medical)!
            switch j % 3 {
            case 0:
                pays[k].ledger = .amount(pays[k].amount - 3000)
                expect("LEDGER_MISMATCH", .txn(k), "ledger books 350.00, the statement 380.00")
            case 1:
                let hh = households[Int(persons[i].household)]
                let mate = Int(hh.first) == i ? Int(hh.first) + (hh.count > 1 ? 1 : 0) : Int(hh.first)
                let other = mate == i ? idText(persons[i].body &+ 10) : id(mate)
                pays[k].ledger = .idText(other)
                expect("LEDGER_MISMATCH", .txn(k), "ledger books the payment under ID \(other)")
            default:
                pays[k].ledger = .otherInsurance
                expect("LEDGER_MISMATCH", .txn(k), "ledger books the medical payment as 养老")
            }
        }

        // ---------------- CONFLICTING_RECORD / DUPLICATE_RECORD ----------------
        let lastResendDay = LocalDate(year: Y, month: 1, day: 1).dayNumber
        for j in 0..<count(6) {
            switch j % 3 {
            case 0:
                guard let i = take({ clean($0) && only($0, .medical, [.wechat]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                pays[k].resend = .amount(pays[k].amount - 3000, days: 1)
                expect("CONFLICTING_RECORD", .txn(k), "re-sent in the next day's wechat bill with 350.00 instead of 380.00 (the first stands)")
            case 1:
                guard let i = take({ clean($0) && only($0, .medical, [.bank]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                pays[k].resend = .time(3600 + Int64(r.below(3600)), days: 1)
                expect("CONFLICTING_RECORD", .txn(k), "the next bank batch repeats the 银行流水号 with another 扣款时间")
            default:
                guard let i = take({ clean($0) && only($0, .medical, [.alipay]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                let k0 = add(i, .medical, Policy2024.medicalFull, .alipay, pays[k].time - 1800)
                pays[k0].payer = pays[k].payer
                pays[k0].refund = pays[k0].time + 300
                pays[k0].resend = .refundTime(120, days: 1)
                expect("CONFLICTING_RECORD", .reversal(k0), "a refund of a mistaken payment re-sent the next day with another time")
            }
        }
        for j in 0..<count(12) {
            switch j % 5 {
            case 0, 1:
                guard let i = take({ clean($0) && only($0, .medical, [.unionpay]) != nil && pays[only($0, .medical)!].day < lastResendDay - 12 }) else { continue }
                let k = only(i, .medical)!
                let d = r.int(1...10)
                pays[k].resend = .same(days: d)
                expect("DUPLICATE_RECORD", .txn(k), "unionpay record repeated \(d) day(s) later in another ZM file")
            case 2:
                guard let i = take({ clean($0) && only($0, .medical, [.wechat, .ccbPos]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                pays[k].resend = .same(days: 1)
                expect("DUPLICATE_RECORD", .txn(k), "\(pays[k].ch.rawValue) row re-sent in the next day's file")
            case 3:
                guard let i = take({ clean($0) && only($0, .medical, [.bank]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                pays[k].resend = .same(days: 1)
                expect("DUPLICATE_RECORD", .txn(k), "overlapping bank batch: the next day's 回盘 repeats the debit")
            default:
                guard let i = take({ clean($0) && only($0, .medical, [.wechat]) != nil && pays[only($0, .medical)!].day < lastResendDay - 2 }) else { continue }
                let k = only(i, .medical)!
                let k0 = add(i, .medical, Policy2024.medicalFull, .wechat, pays[k].time - 2400)
                pays[k0].payer = pays[k].payer
                pays[k0].refund = pays[k0].time + 420
                pays[k0].resend = .refundSame(days: 1)
                expect("DUPLICATE_RECORD", .reversal(k0), "a wechat refund row re-sent in the next day's bill")
            }
        }

        // ---------------- NO_POLICY ----------------
        for j in 0..<count(6) {
            guard let i = take({ clean($0) && only($0, .medical) != nil }) else { break }
            let year = j % 2 == 0 ? Y + 1 : Y - 1
            let ch: Channel = [.wechat, .ccbPos, .bank][j % 3]
            let k = add(i, .medical, Policy2024.medicalFull, ch, windowTime(ch), year: year)
            expect("NO_POLICY", .txn(k), "\(ch.rawValue) medical payment for coverage year \(year) (no policy loaded)")
        }

        // near miss: employee insurance that ended before the year
        if let i = take({ clean($0) && only($0, .medical) != nil }) {
            employees.append(EmployeeRecord(body: persons[i].body, name: nm(i), pension: false, unit: r.pick(Tables.employers),
                                            start: Int32(LocalDate(year: 2019, month: 4, day: 1).dayNumber), end: Int32(cal.windowEnd), file: 1))
            nearMisses.append(("\(id(i)): 职工医保 ended \(date(cal.windowEnd)) and resident medical was paid: no EMPLOYEE_INSURED", nil))
        }
        recomputeFlags()
        return slots
    }

    /// ISO 7064 check byte for 17 ASCII digits.
    func checkByteDigits(_ v: [UInt8]) -> UInt8 {
        var body: UInt64 = 0
        for c in v.prefix(17) { body = body * 10 + UInt64(c - 0x30) }
        return checkByte(body)
    }

    /// One payer account paying for ≥ 6 IDs of ≥ 3 households (wechat over days; alipay and ccb_pos on one day),
    /// plus near misses that must open nothing.
    func plantPooled(_ n: Int, only: (Int, Insurance, Set<Channel>?) -> Int?,
                     clean: (Int) -> Bool, rng r: inout Rng) {
        var vorder = Array(villages.indices)
        r.shuffle(&vorder)
        var vi = 0
        func group(minIDs: Int, households hmin: Int) -> [(Int, Int)]? {   // (person, pay)
            while vi < vorder.count {
                let v = villages[vorder[vi]]
                vi += 1
                var chosen: [(Int, Int)] = []
                var hh = 0
                for h in v.firstHousehold..<(v.firstHousehold + v.householdCount) {
                    let H = households[h]
                    var members: [(Int, Int)] = []
                    for i in Int(H.first)..<Int(H.first + H.count) where !persons[i].used && clean(i) {
                        if let k = only(i, .medical, nil), pays[k].day < cal.windowEnd - 3 { members.append((i, k)) }
                    }
                    if members.count >= 2 {
                        chosen += members.prefix(3)
                        hh += 1
                    }
                    if hh >= hmin && chosen.count >= minIDs { break }
                }
                if hh >= hmin && chosen.count >= minIDs {
                    for (i, _) in chosen { persons[i].used = true }
                    return chosen
                }
            }
            return nil
        }
        for j in 0..<n {
            let ch: Channel = [.wechat, .alipay, .ccbPos][j % 3]
            guard let g = group(minIDs: 7, households: 3) else { break }
            let agentName = randomName(male: r.chance(0.5), rng: &r)
            let payer = newPayer(ch: ch, household: Int32(-100_000 - j), holder: agentName, rng: &r)
            let day = cal.windowEnd - 3 - r.below(20)
            var t = randomTime(day: day, ch: .ccbPos, rng: &r) - 3600
            for (i, k) in g {
                pays[k].ch = ch
                pays[k].payer = payer
                pays[k].village = persons[i].village
                pays[k].merchant = ch == .ccbPos ? Int16(persons[i].town) : 0
                pays[k].idForm = .canonical
                if ch == .wechat {
                    pays[k].time = randomTime(day: day - r.below(10), ch: .wechat, rng: &r)
                } else {
                    t += Int64(r.int(60...400))
                    pays[k].time = t
                }
            }
            let v = villages[Int(persons[g[0].0].village)]
            expect("POOLED_ACCOUNT", .account(g[0].1),
                   "\(ch.rawValue) account of village agent \(agentName) paid for \(g.count) persons of \(Set(g.map { persons[$0.0].household }).count) households in \(v.name)")
        }
        // near miss: six IDs of three households, but a masked alipay account on two different days
        if let g = group(minIDs: 6, households: 3) {
            let payer = newPayer(ch: .alipay, household: -200_000, holder: randomName(male: true, rng: &r), rng: &r)
            let day = cal.windowEnd - 8
            for (n, (i, k)) in g.prefix(6).enumerated() {
                pays[k].ch = .alipay; pays[k].merchant = 0; pays[k].payer = payer; pays[k].village = persons[i].village
                pays[k].time = randomTime(day: day + (n < 3 ? 0 : 1), ch: .alipay, rng: &r)
            }
            nearMisses.append(("masked alipay account \(payers[Int(payer)].key) paid for 6 IDs of at least 3 households, 3 on \(date(day)) and 3 on \(date(day + 1)): no POOLED_ACCOUNT (masked keys count within one day)", nil))
        }
    }
}
