import ReconCore

/// Merchant numbers and other channel constants.
enum Merchants {
    static let wechat = ["1612345678", "1612345679"]
    static let wechatAppID = ["wx3f6a2c9e81d4b705", "wx8b21d0c4e5f7a913"]
    static let alipay = ["2088631234567890", "2088631234567891"]
    static let unionpay = ["898370448160001", "898370448160002"]
    static let ccb: [String] = (1...11).map { "1053704551100" + pad($0, 2) }
    static let banks = ["103", "402"]
    static let collectorCode = "23704060000"
}

extension World {
    static let personalChannels: [Channel] = [.wechat, .alipay, .unionpay, .ccbPos, .bank, .aishandong, .etax]
    static let channelWeights: [Double] = [33, 14, 7, 13, 14, 11, 8]

    var govBatchA: Int { cal.day(11, 15) }
    var govBatchB: Int { cal.day(12, 20) }
    var govBatchC: Int { LocalDate(year: Y, month: 1, day: 8).dayNumber }

    /// Payment-day weights over the window: quiet October, busier November, a late-December rush.
    func dayTable() -> (days: [Int], table: WeightTable) {
        var days: [Int] = [], w: [Double] = []
        for d in cal.windowStart...cal.windowEnd {
            let ld = LocalDate(dayNumber: d)
            var x: Double
            switch ld.month {
            case 10: x = ld.day <= 7 ? 0.25 : 0.55
            case 11: x = 1.0
            default:
                if ld.day <= 16 { x = 2.0 } else { x = 4.0 + Double(ld.day - 17) * 0.6 }
            }
            days.append(d); w.append(x)
        }
        return (days, WeightTable(w))
    }

    static let onlineHours = WeightTable([0.3, 0.15, 0.1, 0.05, 0.05, 0.15, 0.5, 1.5, 3, 4, 4, 3.5, 3, 3, 3.5, 3.5, 3.5, 3, 3, 4, 4.5, 4, 2.5, 1])
    static let counterHours = WeightTable([0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 3.5, 2, 2.5, 3.5, 3.5, 3, 1, 0, 0, 0, 0, 0, 0])

    func randomTime(day: Int, ch: Channel, rng r: inout Rng) -> Int64 {
        let counter = ch == .bank || ch == .ccbPos || ch == .unionpay || ch == .gov
        let h = (counter ? World.counterHours : World.onlineHours).draw(&r)
        let s = h * 3600 + r.below(3600)
        return Int64(day) * 86400 + Int64(s)
    }

    /// The household's account on a channel (one payer identity per household and channel).
    func payer(household h: Int, ch: Channel, rng r: inout Rng) -> Int32 {
        let key = Int64(h) << 4 | Int64(World.personalChannels.firstIndex(of: ch) ?? 15)
        if let p = householdPayer[key] { return p }
        let hh = households[h]
        // the payer is the oldest adult under 75, else the head
        var who = Int(hh.first)
        var bestAge = -1
        for i in Int(hh.first)..<Int(hh.first + hh.count) {
            let a = Int(persons[i].age)
            if a >= 18 && a < 75 && a > bestAge { bestAge = a; who = i }
        }
        let p = newPayer(ch: ch, household: Int32(h), holder: persons[who].name, rng: &r)
        householdPayer[key] = p
        return p
    }

    func newPayer(ch: Channel, household: Int32, holder: String, rng r: inout Rng) -> Int32 {
        var key: String
        repeat {
            switch ch {
            case .wechat: key = openID(&r)
            case .alipay: key = maskedAlipay(holder, &r)
            case .unionpay, .ccbPos: key = r.pick(Tables.cardPrefixes) + "******" + pad(r.below(10000), 4)
            case .bank:
                var s = household % 2 == 0 ? "622848" : "623059"
                for _ in 0..<13 { s += String(r.below(10)) }
                key = s
            default: key = ""
            }
        } while (ch == .wechat || ch == .bank) && _usedKeys.contains(key)
        if ch == .wechat || ch == .bank { _usedKeys.insert(key) }
        payers.append(Payer(ch: ch, household: household, key: key))
        return Int32(payers.count - 1)
    }

    func openID(_ r: inout Rng) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var s = "o"
        for _ in 0..<27 { s.append(alphabet[r.below(64)]) }
        return s
    }

    func maskedAlipay(_ name: String, _ r: inout Rng) -> String {
        let chars = Array(name)
        let masked = String(repeating: "*", count: max(1, chars.count - 1)) + String(chars.last!)
        if r.chance(0.12) {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return masked + "(" + String(letters[r.below(36)]) + String(letters[r.below(36)]) + "***@" + r.pick(Tables.mailDomains) + ")"
        }
        return masked + "(" + r.pick(Tables.phonePrefixes) + "******" + pad(r.below(100), 2) + ")"
    }

    func merchantFor(ch: Channel, village: Int, rng r: inout Rng) -> Int16 {
        switch ch {
        case .wechat, .alipay: return r.chance(0.03) ? 1 : 0
        case .unionpay: return villages[village].town < 5 ? 0 : 1
        case .ccbPos: return r.chance(0.03) ? 10 : Int16(villages[village].town)
        case .bank: return Int16(village % 2)
        default: return 0
        }
    }

    /// A personal payment of a roster person through the household's account.
    @discardableResult
    func addPay(person i: Int, ins: Insurance, amount: Int64, ch: Channel, time: Int64, rng r: inout Rng,
                year: Int? = nil) -> Int {
        let p = persons[i]
        var pay = Pay(person: Int32(i), ins: ins, year: Int16(year ?? Y), ch: ch, amount: amount, time: time)
        if ch == .gov {
            pay.village = p.village
        } else if p.household >= 0 {
            pay.payer = payer(household: Int(p.household), ch: ch, rng: &r)
            pay.village = p.village
            pay.merchant = merchantFor(ch: ch, village: Int(p.village), rng: &r)
        } else {
            // outside the roster: own account, collected in a random village
            let v = r.below(villages.count)
            pay.payer = newPayer(ch: ch, household: -1 - Int32(i), holder: p.name, rng: &r)
            pay.village = Int32(v)
            pay.merchant = merchantFor(ch: ch, village: v, rng: &r)
        }
        pay.book = Int8(r.weighted([0.2, 0.65, 0.15]))
        pays.append(pay)
        return pays.count - 1
    }

    func govPay(person i: Int, ins: Insurance, amount: Int64, day: Int, rng r: inout Rng) -> Int {
        addPay(person: i, ins: ins, amount: amount, ch: .gov, time: randomTime(day: day, ch: .gov, rng: &r), rng: &r)
    }

    /// The clean background: everyone active pays the right amount once; the government pays for the entitled.
    func planBackground() {
        var r = root.fork("payments")
        let (days, dayW) = dayTable()
        let chW = WeightTable(World.channelWeights)
        for h in households.indices {
            let hh = households[h]
            let mainCh = World.personalChannels[chW.draw(&r)]
            let mainDay = days[dayW.draw(&r)]
            var clock: Int64 = -1
            for i in Int(hh.first)..<Int(hh.first + hh.count) {
                let p = persons[i]
                var ch = mainCh, day = mainDay
                var ownTime = false
                if r.chance(0.12) {
                    ch = World.personalChannels[chW.draw(&r)]
                    day = days[dayW.draw(&r)]
                    ownTime = true
                }
                if day < Int(p.reg) {
                    day = Int(p.reg) + r.below(6)
                    ownTime = true
                }
                let ent = medicalEntitlement(i)
                let deathOK = !p.isDead || day < Int(p.death)
                guard day <= cal.windowEnd else { continue }
                func time() -> Int64 {
                    if ownTime || clock < 0 {
                        let t = randomTime(day: day, ch: ch, rng: &r)
                        if !ownTime { clock = t }
                        return t
                    }
                    clock += Int64(r.int(25...400))
                    if clock >= Int64(day + 1) * 86400 { clock = Int64(day + 1) * 86400 - 1 - Int64(r.below(600)) }
                    return clock
                }
                if p.med.jan == .normal && ent < 2 && !p.empMed && deathOK && r.chance(0.975) {
                    addPay(person: i, ins: .medical, amount: ent == 1 ? Policy2024.medicalHalf : Policy2024.medicalFull,
                           ch: ch, time: time(), rng: &r)
                }
                if p.pen.jan == .normal && p.age >= 16 && p.age <= 59 && !p.student && !p.penDisabled && !p.empPen
                    && deathOK && r.chance(0.93) {
                    var tier = Int(p.tier)
                    if r.chance(0.08) { tier = Tables.tierChoices[r.weighted(Tables.tierWeights)] }
                    if tier == 100 && !p.hardship { tier = 350 }
                    addPay(person: i, ins: .pension, amount: Int64(tier) * 100, ch: ch, time: time(), rng: &r)
                }
            }
        }
        // government payments for the entitled
        let fileCBodies = Set(assists.filter { $0.file == 2 }.map { $0.body })
        for i in persons.indices where persons[i].household >= 0 {
            let p = persons[i]
            let batch: Int
            if fileCBodies.contains(p.body) { batch = govBatchC }
            else if Int(p.reg) > cal.day(11, 5) { batch = govBatchB }
            else { batch = r.chance(0.8) ? govBatchA : govBatchB }
            if p.isDead && Int(p.death) < batch { continue }
            let ent = medicalEntitlement(i)
            if p.med.jan == .normal && ent > 0 {
                _ = govPay(person: i, ins: .medical, amount: ent == 2 ? Policy2024.medicalFull : Policy2024.medicalHalf, day: batch, rng: &r)
            }
            if p.pen.jan == .normal && p.penDisabled {
                _ = govPay(person: i, ins: .pension, amount: Policy2024.pensionGov, day: batch, rng: &r)
            }
        }
        addBackgroundNoise(rng: &r)
    }

    /// Refunded mistakes (refund-then-repay), bank debits that failed first, ID number variants.
    private func addBackgroundNoise(rng r: inout Rng) {
        let n = pays.count
        for k in 0..<n {
            let pay = pays[k]
            guard pay.ch != .gov else { continue }
            let p = persons[Int(pay.person)]
            // ID variants on statement rows
            switch pay.ch {
            case .wechat, .alipay, .bank, .ccbPos, .unionpay:
                if r.chance(0.035) {
                    let born19 = (p.body / 1000) % 100_000_000 / 10000 < 2000
                    var forms: [IDForm] = [.lowerX]
                    if born19 { forms.append(.legacy15) }
                    if pay.ch == .wechat || pay.ch == .alipay || pay.ch == .bank { forms += [.fullWidth, .leadingSpace] }
                    if pay.ch == .alipay || pay.ch == .bank { forms.append(.trailingIdeographic) }
                    let f = r.pick(forms)
                    if f != .lowerX || idDigits(p.body)[17] == UInt8(ascii: "X") { pays[k].idForm = f }
                }
            default: break
            }
            // a refunded mistake just before the real payment
            if pay.ch != .bank && r.chance(0.004) {
                let startOfDay = Int64(pay.day) * 86400
                let t0 = max(startOfDay + 60, pay.time - Int64(r.int(600...7200)))
                guard t0 < pay.time - 120 else { continue }
                var wrong = pay
                if pay.ins == .medical {
                    wrong.amount = r.pick([Policy2024.medicalFull, 35000, Policy2024.medicalHalf])
                } else {
                    wrong.amount = r.pick([35000, 50000, 100000])
                }
                wrong.time = t0
                wrong.refund = t0 + Int64(r.int(60...Int(pay.time - t0 - 30)))
                wrong.refundKindAlt = r.chance(0.3)
                wrong.idForm = .canonical
                pays.append(wrong)
            }
            if pay.ch == .bank && r.chance(0.03) {
                let d = max(cal.windowStart, pay.day - r.int(1...7))
                let t = randomTime(day: d, ch: .bank, rng: &r)
                if t < pay.time { pays[k].bankFailedBefore = t }
            }
        }
        // debits that failed and were never retried
        let bankPays = pays.indices.filter { pays[$0].ch == .bank }
        for _ in 0..<Int(Double(bankPays.count) * 0.01) {
            guard let k = bankPays.randomElement(using: &r) else { break }
            var f = pays[k]
            f.failedOnly = true
            f.time = f.time - Int64(r.int(1...5)) * 86400
            f.idForm = .canonical
            f.bankFailedBefore = 0
            if f.day >= cal.windowStart { pays.append(f) }
        }
    }
}

extension Array {
    func randomElement(using r: inout Rng) -> Element? { isEmpty ? nil : self[r.below(count)] }
}
