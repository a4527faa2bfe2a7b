import ReconCore

/// A finding as the manifest states it.
struct FindingKey: Hashable, Comparable {
    var code: String
    var subject: String
    static func < (a: FindingKey, b: FindingKey) -> Bool { (a.code, a.subject) < (b.code, b.subject) }
}

struct SubsidyKey: Hashable, Comparable {
    var town: String
    var ins: Insurance
    var category: String
    static func < (a: SubsidyKey, b: SubsidyKey) -> Bool {
        (a.town, a.ins.rawValue, a.category) < (b.town, b.ins.rawValue, b.category)
    }
}

struct SubsidyValue: Equatable {
    var count: Int = 0
    var fen: Int64 = 0
}

enum ExpectedSeverity {
    static let of: [String: String] = [
        "INVALID_ID": "medium", "NOT_ENROLLED": "medium", "NAME_MISMATCH": "high", "INACTIVE_ENROLLMENT": "medium",
        "PAID_AFTER_DEATH": "high", "DUPLICATE_PAYMENT": "high", "NONSTANDARD_AMOUNT": "medium",
        "TIER_NOT_ALLOWED": "medium", "SHOULD_BE_GOVERNMENT_PAID": "high", "MISSING_GOVERNMENT_PAYMENT": "medium",
        "GOVERNMENT_PAID_INELIGIBLE": "high", "INELIGIBLE_PENSION": "medium", "EMPLOYEE_INSURED": "high",
        "LATE_PAYMENT": "info", "REFUND_AFTER_CUTOFF": "medium", "POOLED_ACCOUNT": "high", "NOT_IN_TAX_LEDGER": "high",
        "LEDGER_WITHOUT_PAYMENT": "high", "LEDGER_MISMATCH": "high", "SUBSIDY_MISMATCH": "high",
        "CONFLICTING_RECORD": "high", "DUPLICATE_RECORD": "info", "NO_POLICY": "medium",
    ]
    static let allCodes: [String] = of.keys.sorted()
}

/// An independent, literal evaluation of RULES.md over what the written files say (logical records,
/// read back through the same normalisation the reconciler uses). Produces the findings open at as_of.
struct Evaluation {
    var findings: [FindingKey: String] = [:]   // -> severity
    var asOf: LocalDate
    var actual: [SubsidyKey: SubsidyValue] = [:]
    var ambiguities: [String] = []
    var payments = 0
    var reversals = 0
    /// What the county pushes to a central store, as the files say it (for cross-county findings).
    var facts = CountyFacts()
}

/// A county's central facts (CENTRAL.md): its effective payments with valid IDs, its current roster
/// and its standing death records — read from what the written files say, as `evaluate` reads them.
struct CountyFacts {
    struct Payment {
        var body: UInt64
        var ins: Insurance
        var year: Int
        var gov: Bool
        var ch: Channel
        var ref: String
        var day: Int
        var amount: Int64
    }
    var payments: [Payment] = []
    var roster: [(body: UInt64, ins: Insurance, normal: Bool)] = []
    /// Of an ID's records the latest 通报日期 stands, on a tie the later 死亡日期.
    var deaths: [UInt64: (date: Int, notice: Int)] = [:]
}

extension World {
    struct EvPay {
        var ch: Channel
        var ref: String
        var body: UInt64?        // nil: invalid
        var raw: String
        var ins: Insurance
        var year: Int
        var amount: Int64
        var time: Int64
        var payerKey: String
        var name: String?
        var reversed: Int64 = 0
    }
    struct EvRev {
        var ch: Channel
        var ref: String
        var orig: String?        // original txn_ref (resolved)
        var year: Int
        var amount: Int64
        var time: Int64
    }

    static func normID(_ s: String) -> UInt64? { IDNumber(s)?.body }
    static func trimmed(_ s: String) -> String {
        var u = Substring(s)
        while let f = u.first, f == " " || f == "\u{3000}" || f == "\t" { u = u.dropFirst() }
        while let l = u.last, l == " " || l == "\u{3000}" || l == "\t" { u = u.dropLast() }
        return String(u)
    }

    /// SUBSIDY_MISMATCH: a claimed line (newest file that has it) against the data.
    func subsidyFindings(_ ev: inout Evaluation, claims: [SubsidyKey: SubsidyValue], claimFiles: [(FileSpec, [SubsidyKey: SubsidyValue])]) {
        for (k, v) in claims where (ev.actual[k] ?? SubsidyValue()) != v {
            ev.findings[FindingKey(code: "SUBSIDY_MISMATCH", subject: "subsidy:\(k.town):\(k.ins.rawValue):\(k.category)")] = "high"
        }
        for (f, c) in claimFiles { f.rows = c.count }
    }

    func evaluate() -> Evaluation {
        let Y = cal.year
        let ordered = files.sorted(by: FileSpec.ordered)
        var asOf = LocalDate(year: Y - 1, month: 1, day: 1)
        for f in ordered where f.counts {
            switch f.kind {
            case .stmt, .ledger: if f.date > asOf { asOf = f.date }
            default: break
            }
        }
        var ev = Evaluation(asOf: asOf)
        func open(_ code: String, _ subject: String) { ev.findings[FindingKey(code: code, subject: subject)] = ExpectedSeverity.of[code]! }

        // --- reference facts from the files that count ---
        var countingRefs: [Int: Bool] = [:]   // kind tag * 100 + index
        for f in files {
            switch f.kind {
            case .deaths(let k): countingRefs[100 + k] = f.counts
            case .assistance(let k): countingRefs[200 + k] = f.counts
            case .employee(let k): countingRefs[300 + k] = f.counts
            default: break
            }
        }
        func refCounts(_ kind: FileKind) -> Bool {
            switch kind {
            case .deaths(let k): return countingRefs[100 + k] ?? false
            case .assistance(let k): return countingRefs[200 + k] ?? false
            case .employee(let k): return countingRefs[300 + k] ?? false
            default: return false
            }
        }
        let y0 = LocalDate(year: Y, month: 1, day: 1).dayNumber, y1 = LocalDate(year: Y, month: 12, day: 31).dayNumber
        var hardship = Set<UInt64>(), medFull = Set<UInt64>(), penDisabled = Set<UInt64>()
        for a in assists where refCounts(.assistance(a.file)) {
            guard let b = World.normID(a.rawID ?? idText(a.body)) else { continue }
            guard Int(a.from) <= y1, a.to == nil || Int(a.to!) >= y0 else { continue }
            hardship.insert(b)
            if a.ins == .medical && Tables.assistanceMedical.contains(a.category) { medFull.insert(b) }
            if a.ins == .pension && Tables.disabled.contains(a.category) { penDisabled.insert(b) }
        }
        var empMed = Set<UInt64>(), empPen = Set<UInt64>()
        for e in employees where refCounts(.employee(e.file)) {
            guard Int(e.start) <= y1, e.end == nil || Int(e.end!) >= y0 else { continue }
            if e.pension { empPen.insert(e.body) } else { empMed.insert(e.body) }
        }
        var death: [UInt64: (notice: Int32, file: Int, line: Int, date: Int32)] = [:]
        var lineNo = [Int: Int]()
        for d in deaths where refCounts(.deaths(d.file)) {
            lineNo[d.file, default: 0] += 1
            guard let b = World.normID(d.rawID ?? idText(d.body)) else { continue }
            let c = (d.notice, d.file, lineNo[d.file]!, d.date)
            if let old = death[b], (old.notice, old.file, old.line) > (c.0, c.1, c.2) { continue }
            death[b] = c
        }
        // roster: the current snapshot without its rejected lines
        struct RRow { var person: Int; var status: RosterStatus }
        var roster: [UInt64: (med: RRow?, pen: RRow?)] = [:]
        roster.reserveCapacity(persons.count)
        for i in persons.indices where persons[i].household >= 0 {
            let p = persons[i]
            if p.med.jan != .none { roster[p.body, default: (nil, nil)].med = RRow(person: i, status: p.med.jan) }
            if p.pen.jan != .none { roster[p.body, default: (nil, nil)].pen = RRow(person: i, status: p.pen.jan) }
        }
        func rosterRow(_ b: UInt64, _ ins: Insurance) -> RRow? {
            guard let r = roster[b] else { return nil }
            return ins == .medical ? r.med : r.pen
        }
        func household(_ b: UInt64, _ ins: Insurance) -> String {
            if let r = rosterRow(b, ins) { return households[Int(persons[r.person].household)].number }
            if let r = roster[b], let any = r.med ?? r.pen { return households[Int(persons[any.person].household)].number }
            return "id:" + idText(b)
        }

        // --- payments and reversals, first sightings ---
        struct Ident: Hashable { var ch: Channel; var reversal: Bool; var ref: String }
        var payIndex: [Ident: Int] = [:]
        payIndex.reserveCapacity(pays.count + 64)
        var evPays: [EvPay] = []
        evPays.reserveCapacity(pays.count + 64)
        var evRevs: [EvRev] = []
        var revIndex: [Ident: Int] = [:]
        struct LedgerBook { var ch: Channel; var ref: String; var ticket: String; var body: UInt64?; var raw: String
                            var ins: Insurance; var amount: Int64; var time: Int64 }
        var book: [LedgerBook] = []
        var ticketRef: [String: (Channel, String)] = [:]
        var pendingLedgerRevs: [(Int, String)] = []   // evRevs index, original ticket

        func sameContent(_ a: (Int64, UInt64?, String, Insurance, Int64), _ b: (Int64, UInt64?, String, Insurance, Int64)) -> Bool {
            let idA = a.1.map { String($0) } ?? World.trimmed(a.2)
            let idB = b.1.map { String($0) } ?? World.trimmed(b.2)
            return a.0 == b.0 && idA == idB && a.3 == b.3 && a.4 == b.4
        }

        for f in ordered {
            f.rows = 0; f.rejected = 0; f.newPayments = 0; f.newReversals = 0
            switch f.kind {
            case .stmt:
                f.rows = f.stmtRows.count
                guard f.counts else { continue }
                for row in f.stmtRows {
                    let p = pays[Int(row.pay)]
                    if p.brokenLine && row.kind == .payment { f.rejected += 1; continue }
                    if row.kind == .failed { continue }
                    let rec = stmtRecord(row)
                    let body = World.normID(rec.idText)
                    let id = Ident(ch: rec.ch, reversal: rec.reversal, ref: rec.ref)
                    if rec.reversal {
                        if let k = revIndex[id] {
                            let o = evRevs[k]
                            let same = o.amount == rec.amount && o.time == rec.time
                            // reversal content: amount, ID, insurance, time (ID and insurance follow the original row)
                            open(same ? "DUPLICATE_RECORD" : "CONFLICTING_RECORD", "reversal:\(rec.ch.rawValue):\(rec.ref)")
                            continue
                        }
                        revIndex[id] = evRevs.count
                        evRevs.append(EvRev(ch: rec.ch, ref: rec.ref, orig: rec.orig, year: rec.year, amount: rec.amount, time: rec.time))
                        f.newReversals += 1
                    } else {
                        if let k = payIndex[id] {
                            let o = evPays[k]
                            let same = sameContent((o.amount, o.body, o.raw, o.ins, o.time), (rec.amount, body, rec.idText, rec.ins, rec.time))
                            open(same ? "DUPLICATE_RECORD" : "CONFLICTING_RECORD", "txn:\(rec.ch.rawValue):\(rec.ref)")
                            continue
                        }
                        payIndex[id] = evPays.count
                        evPays.append(EvPay(ch: rec.ch, ref: rec.ref, body: body, raw: rec.idText, ins: rec.ins, year: rec.year,
                                            amount: rec.amount, time: rec.time, payerKey: rec.payerKey,
                                            name: rec.ch == .bank ? rec.name : nil))
                        f.newPayments += 1
                    }
                }
            case .ledger:
                f.rows = f.ledgerRows.count
                guard f.counts else { continue }
                for row in f.ledgerRows {
                    let rec = ledgerRecord(row)
                    if rec.amountText != nil { f.rejected += 1; continue }
                    let body = World.normID(rec.idText)
                    if rec.ch.isLedgerOnly { ticketRef[rec.ticket] = (rec.ch, rec.chRef) }
                    if !rec.ch.isLedgerOnly {
                        if rec.type == 0 {
                            book.append(LedgerBook(ch: rec.ch, ref: rec.chRef, ticket: rec.ticket, body: body, raw: rec.idText,
                                                   ins: rec.ins, amount: rec.amount, time: rec.time))
                        }
                        continue
                    }
                    if rec.type == 2 {
                        let id = Ident(ch: rec.ch, reversal: true, ref: rec.ticket)
                        if revIndex[id] != nil { open("DUPLICATE_RECORD", "reversal:\(rec.ch.rawValue):\(rec.ticket)"); continue }
                        revIndex[id] = evRevs.count
                        pendingLedgerRevs.append((evRevs.count, rec.origTicket))
                        evRevs.append(EvRev(ch: rec.ch, ref: rec.ticket, orig: nil, year: rec.year, amount: -rec.amount, time: rec.time))
                        f.newReversals += 1
                    } else {
                        let id = Ident(ch: rec.ch, reversal: false, ref: rec.chRef)
                        if let k = payIndex[id] {
                            let o = evPays[k]
                            let same = sameContent((o.amount, o.body, o.raw, o.ins, o.time), (rec.amount, body, rec.idText, rec.ins, rec.time))
                            open(same ? "DUPLICATE_RECORD" : "CONFLICTING_RECORD", "txn:\(rec.ch.rawValue):\(rec.chRef)")
                            continue
                        }
                        payIndex[id] = evPays.count
                        evPays.append(EvPay(ch: rec.ch, ref: rec.chRef, body: body, raw: rec.idText, ins: rec.ins, year: rec.year,
                                            amount: rec.amount, time: rec.time, payerKey: "", name: rec.name))
                        f.newPayments += 1
                    }
                }
            case .enrollment:
                f.rows = persons.reduce(0) { n, p in
                    guard p.household >= 0 else { return n }
                    let j = f.kind == .enrollment(true)
                    return n + ((j ? p.med.jan : p.med.sept) != .none ? 1 : 0) + ((j ? p.pen.jan : p.pen.sept) != .none ? 1 : 0)
                }
                if f.kind == .enrollment(true) { f.rows += brokenRosterLines.count; f.rejected = brokenRosterLines.count }
            case .deaths(let k): f.rows = deaths.filter { $0.file == k }.count
            case .assistance(let k): f.rows = assists.filter { $0.file == k }.count
            case .employee(let k): f.rows = employees.filter { $0.file == k }.count
            case .disbursement: break
            case .junk: f.rows = 0
            }
        }
        for (k, t) in pendingLedgerRevs {
            if let o = ticketRef[t] { evRevs[k].orig = o.1 }
        }
        for r in evRevs {
            guard let o = r.orig, let k = payIndex[Ident(ch: r.ch, reversal: false, ref: o)] else { continue }
            evPays[k].reversed += r.amount
        }
        ev.payments = evPays.count
        ev.reversals = evRevs.count
        for p in evPays where p.amount - p.reversed > 0 {
            guard let b = p.body else { continue }
            ev.facts.payments.append(.init(body: b, ins: p.ins, year: p.year, gov: p.ch == .gov, ch: p.ch, ref: p.ref,
                                           day: LocalDateTime(seconds: p.time).date.dayNumber, amount: p.amount))
        }
        for (b, r) in roster {
            if let m = r.med { ev.facts.roster.append((b, .medical, m.status == .normal)) }
            if let p = r.pen { ev.facts.roster.append((b, .pension, p.status == .normal)) }
        }
        for d in deaths where refCounts(.deaths(d.file)) {
            guard let b = World.normID(d.rawID ?? idText(d.body)) else { continue }
            let c = (date: Int(d.date), notice: Int(d.notice))
            if let old = ev.facts.deaths[b], (old.notice, old.date) >= (c.notice, c.date) { continue }
            ev.facts.deaths[b] = c
        }

        // --- per payment ---
        let windowEnd = cal.windowEndSeconds
        var bookByRef: [Ident: [Int]] = [:]
        bookByRef.reserveCapacity(book.count + 64)
        for (k, b) in book.enumerated() { bookByRef[Ident(ch: b.ch, reversal: false, ref: b.ref), default: []].append(k) }
        struct PKey: Hashable { var body: UInt64; var ins: Insurance; var year: Int }
        var personal: [PKey: Int] = [:], gov: [PKey: Int] = [:]
        var pooled: [String: (ids: Set<UInt64>, hh: Set<String>, ch: Channel, key: String)] = [:]
        var perPerson: [PKey: [Int]] = [:]
        perPerson.reserveCapacity(evPays.count)
        personal.reserveCapacity(evPays.count)
        gov.reserveCapacity(evPays.count / 4)
        for (k, p) in evPays.enumerated() {
            let eff = p.amount - p.reversed > 0
            let subject = "txn:\(p.ch.rawValue):\(p.ref)"
            // ledger checks (statement channels)
            if !p.ch.isLedgerOnly && eff {
                let rows = bookByRef[Ident(ch: p.ch, reversal: false, ref: p.ref)] ?? []
                if rows.isEmpty {
                    if LocalDateTime(seconds: p.time).date.dayNumber + 3 <= asOf.dayNumber { open("NOT_IN_TAX_LEDGER", subject) }
                } else {
                    for r in rows {
                        let b = book[r]
                        let idSame = (b.body.map { String($0) } ?? World.trimmed(b.raw)) == (p.body.map { String($0) } ?? World.trimmed(p.raw))
                        if b.amount != p.amount || !idSame || b.ins != p.ins { open("LEDGER_MISMATCH", subject) }
                    }
                    if rows.count > 1 { ev.ambiguities.append("two ledger rows for \(subject)") }
                }
            }
            guard eff else { continue }
            let isGov = p.ch == .gov
            if p.body == nil { open("INVALID_ID", subject) }
            if p.year != Y { open("NO_POLICY", subject); continue }
            guard let body = p.body else {
                if p.ins == .pension {
                    if isGov ? p.amount != Policy2024.pensionGov : !Policy2024.tiers.contains(p.amount) { open("NONSTANDARD_AMOUNT", subject) }
                }
                if !isGov && p.time > windowEnd { open("LATE_PAYMENT", subject) }
                continue
            }
            let row = rosterRow(body, p.ins)
            if row == nil { open("NOT_ENROLLED", subject) }
            if let row, let name = p.name, (p.ch == .bank || p.ch.isLedgerOnly), World.trimmed(name) != persons[row.person].name {
                open("NAME_MISMATCH", subject)
            }
            if let row, row.status != .normal { open("INACTIVE_ENROLLMENT", subject) }
            if let d = death[body], LocalDateTime(seconds: p.time).date.dayNumber > Int(d.date) { open("PAID_AFTER_DEATH", subject) }
            let age = IDNumber(body: body).age(on: cal.ageRef)
            let full = age >= 70 || medFull.contains(body)
            let half = !full && age >= 60
            if p.ins == .pension {
                if isGov {
                    if p.amount != Policy2024.pensionGov { open("NONSTANDARD_AMOUNT", subject) }
                    if !penDisabled.contains(body) { open("GOVERNMENT_PAID_INELIGIBLE", subject) }
                } else {
                    if !Policy2024.tiers.contains(p.amount) { open("NONSTANDARD_AMOUNT", subject) }
                    if p.amount == Policy2024.pensionGov && !hardship.contains(body) { open("TIER_NOT_ALLOWED", subject) }
                    let studentRow = row ?? rosterRow(body, .medical)
                    let student = studentRow.map { persons[$0.person].student } ?? false
                    if age < 16 || age >= 60 || student { open("INELIGIBLE_PENSION", subject) }
                }
            } else {
                if isGov {
                    if full && p.amount != Policy2024.medicalFull { open("NONSTANDARD_AMOUNT", subject) }
                    if half && p.amount != Policy2024.medicalHalf { open("NONSTANDARD_AMOUNT", subject) }
                    if !full && !half { open("GOVERNMENT_PAID_INELIGIBLE", subject) }
                } else {
                    if full { open("SHOULD_BE_GOVERNMENT_PAID", subject) }
                    else if half { if p.amount != Policy2024.medicalHalf { open("NONSTANDARD_AMOUNT", subject) } }
                    else if p.amount != Policy2024.medicalFull { open("NONSTANDARD_AMOUNT", subject) }
                }
            }
            if !isGov && p.time > windowEnd { open("LATE_PAYMENT", subject) }
            let pk = PKey(body: body, ins: p.ins, year: p.year)
            if isGov { gov[pk, default: 0] += 1 } else { personal[pk, default: 0] += 1 }
            perPerson[pk, default: []].append(k)
            if (p.ins == .medical ? empMed : empPen).contains(body) {
                open("EMPLOYEE_INSURED", "person:\(idText(body)):\(p.ins.rawValue):\(p.year)")
            }
            if !isGov && !p.ch.isLedgerOnly {
                let key = p.ch.rawValue + ":" + p.payerKey
                var e = pooled[key] ?? ([], [], p.ch, p.payerKey)
                e.ids.insert(body)
                e.hh.insert(household(body, p.ins))
                pooled[key] = e
            }
        }
        for (k, n) in personal where n > 1 { open("DUPLICATE_PAYMENT", "person:\(idText(k.body)):\(k.ins.rawValue):\(k.year)") }
        for (k, n) in gov where n > 1 { open("DUPLICATE_PAYMENT", "person:\(idText(k.body)):\(k.ins.rawValue):\(k.year)") }
        for (_, e) in pooled where e.ids.count >= 6 && e.hh.count >= 3 { open("POOLED_ACCOUNT", "account:\(e.ch.rawValue):\(e.key)") }

        // ledger rows without a payment
        for b in book where payIndex[Ident(ch: b.ch, reversal: false, ref: b.ref)] == nil {
            if LocalDateTime(seconds: b.time).date.dayNumber + 3 <= asOf.dayNumber { open("LEDGER_WITHOUT_PAYMENT", "ticket:\(b.ticket)") }
        }
        // reversals after the refund limit
        for r in evRevs {
            var year = r.year
            if let o = r.orig, let k = payIndex[Ident(ch: r.ch, reversal: false, ref: o)] { year = evPays[k].year }
            guard year == Y else { if year != Y { ev.ambiguities.append("reversal of a year without policy: \(r.ref)") }; continue }
            if LocalDateTime(seconds: r.time).date.dayNumber >= y0 { open("REFUND_AFTER_CUTOFF", "reversal:\(r.ch.rawValue):\(r.ref)") }
        }
        // missing government payments (gated: as_of after the window)
        if asOf.dayNumber > cal.windowEnd {
            for (body, rows) in roster {
                for (ins, row) in [(Insurance.medical, rows.med), (.pension, rows.pen)] {
                    guard let row, row.status == .normal else { continue }
                    if let d = death[body], Int(d.date) <= cal.windowEnd { continue }
                    let age = IDNumber(body: body).age(on: cal.ageRef)
                    let entitled = ins == .medical ? (age >= 60 || medFull.contains(body)) : penDisabled.contains(body)
                    guard entitled else { continue }
                    if (gov[PKey(body: body, ins: ins, year: Y)] ?? 0) == 0 {
                        open("MISSING_GOVERNMENT_PAYMENT", "person:\(idText(body)):\(ins.rawValue):\(Y)")
                    }
                }
            }
        }
        // subsidies: per town index and category index (see World.categories)
        var acc = [SubsidyValue](repeating: SubsidyValue(), count: towns.count * 5)
        for (pk, list) in perPerson where pk.year == Y {
            guard let row = rosterRow(pk.body, pk.ins) else { continue }
            let base = Int(persons[row.person].town) * 5
            if pk.ins == .pension {
                var largest: Int64 = 0, govSum: Int64 = 0, govN = 0
                for k in list {
                    largest = max(largest, evPays[k].amount)
                    if evPays[k].ch == .gov { govSum += evPays[k].amount; govN += 1 }
                }
                acc[base].count += 1; acc[base].fen += Policy2024.band(largest)
                if govN > 0 { acc[base + 1].count += 1; acc[base + 1].fen += govSum }
            } else {
                acc[base + 2].count += 1; acc[base + 2].fen += Policy2024.fiscalPerPerson
                var full = 0, half = 0, other = 0
                for k in list where evPays[k].ch == .gov {
                    if evPays[k].amount == Policy2024.medicalFull { full += 1 }
                    else if evPays[k].amount == Policy2024.medicalHalf { half += 1 }
                    else { other += 1 }
                }
                if (full > 0 && half > 0) || other > 0 {
                    ev.ambiguities.append("government medical payments of mixed or other amounts for \(idText(pk.body))")
                }
                if full > 0 { acc[base + 3].count += 1; acc[base + 3].fen += Int64(full) * Policy2024.medicalFull }
                if half > 0 { acc[base + 4].count += 1; acc[base + 4].fen += Int64(half) * Policy2024.medicalHalf }
            }
        }
        var actual: [SubsidyKey: SubsidyValue] = [:]
        for t in towns.indices {
            for (c, cat) in World.categories.enumerated() where acc[t * 5 + c] != SubsidyValue() {
                actual[SubsidyKey(town: towns[t].code, ins: cat.0, category: cat.1)] = acc[t * 5 + c]
            }
        }
        ev.actual = actual
        return ev
    }
}
