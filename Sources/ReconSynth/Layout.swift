import ReconCore

enum FileKind: Equatable {
    case stmt(Channel, Int)           // channel, merchant index
    case ledger
    case enrollment(Bool)             // true: the current (January) snapshot
    case deaths(Int), assistance(Int), employee(Int), disbursement(Int)
    case junk
}

/// One statement row: a payment, its reversal, a failed bank debit, or a re-sent copy.
struct StmtRow {
    enum Kind: UInt8 { case payment, reversal, failed, resendPayment, resendReversal }
    var pay: Int32
    var kind: Kind
}

struct PlannedLedgerRow {
    var pay: Int32
    var refund: Bool
}

final class FileSpec {
    var name: String
    var format: String?
    var date: LocalDate
    var kind: FileKind
    var stmtRows: [StmtRow] = []
    var ledgerRows: [PlannedLedgerRow] = []
    var damage: String? = nil
    var quarantined = false
    var duplicateOf: FileSpec? = nil
    var note: String? = nil
    var twoMembers = false
    var batch = 1
    // filled by the evaluator
    var rows = 0
    var rejected = 0
    var newPayments = 0
    var newReversals = 0

    init(name: String, format: String?, date: LocalDate, kind: FileKind) {
        self.name = name; self.format = format; self.date = date; self.kind = kind
    }

    var status: String { duplicateOf != nil ? "duplicate" : (quarantined ? "quarantined" : "ingested") }
    var counts: Bool { duplicateOf == nil && !quarantined }
    /// Processing order: (file date, name by bytes).
    static func ordered(_ a: FileSpec, _ b: FileSpec) -> Bool {
        if a.date != b.date { return a.date < b.date }
        return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
    }
}

/// A statement row as the reconciler reads it.
struct SRec {
    var ch: Channel
    var reversal: Bool
    var failed: Bool
    var ref: String          // txn_ref, or reversal_ref for reversals
    var orig: String         // reversals: the original payment's txn_ref
    var idText: String
    var ins: Insurance
    var year: Int
    var amount: Int64
    var time: Int64
    var origTime: Int64
    var payerKey: String
    var account: String      // the payer field as written
    var name: String
    var pay: Int32
}

/// A ledger row as the reconciler reads it.
struct LRec {
    var ticket: String
    var idText: String
    var name: String
    var ins: Insurance
    var year: Int
    var type: Int            // 0 个人缴费, 1 政府代缴, 2 退费
    var amount: Int64
    var amountText: String?  // unparseable override
    var ch: Channel
    var chRef: String
    var time: Int64
    var book: Int
    var town: String
    var origTicket: String
}

extension World {
    func stmtFileDay(_ ch: Channel, _ day: Int) -> Int { ch == .unionpay ? day + 1 : day }

    func fileName(_ ch: Channel, merchant m: Int, day: Int, batch: Int = 1) -> String {
        let d = LocalDate(dayNumber: day)
        var b = Bytes(); b.date8(d)
        let d8 = String(decoding: b.b, as: UTF8.self)
        switch ch {
        case .wechat: return "wx_\(Merchants.wechat[m])_\(d8).csv.gz"
        case .alipay: return "\(Merchants.alipay[m])_\(d8)_业务明细.csv.gz"
        case .unionpay: return "INN\(d8.dropFirst(2))88ZM_\(Merchants.unionpay[m]).gz"
        case .ccbPos: return "ccbpos_\(Merchants.ccb[m])_\(d8).txt.gz"
        case .bank: return "bank_\(Merchants.banks[m])_\(d8)\(pad(batch, 2))_hp.txt.gz"
        default: return "jinsan_ledger_\(d8).csv.gz"
        }
    }

    // MARK: references

    /// Assigns every transaction reference, reversal reference and tax ticket (in time order).
    func assignReferences() {
        var r = root.fork("refs")
        var keyed: [(Int64, Int)] = []
        keyed.reserveCapacity(pays.count)
        for k in pays.indices where !pays[k].dropped { keyed.append((pays[k].time, k)) }
        keyed.sort { $0 < $1 }
        let order = keyed.map { $0.1 }
        var counters: [Int64: Int] = [:]
        var ccbSerial = 100 + r.below(50)
        func next(_ ch: Channel, _ day: Int, _ space: Int) -> Int {
            let key = Int64(day) << 8 | Int64((World.personalChannels.firstIndex(of: ch) ?? 7) * 2 + space)
            let v = (counters[key] ?? r.int(1...9)) + r.int(1...3)
            counters[key] = v
            return v
        }
        var d8cache: [Int: String] = [:]
        func d8(_ day: Int) -> String {
            if let s = d8cache[day] { return s }
            var b = Bytes(); b.date8(LocalDate(dayNumber: day))
            let s = String(decoding: b.b, as: UTF8.self)
            d8cache[day] = s
            return s
        }
        for k in order {
            let day = pays[k].day
            pays[k].extra = UInt64(k + 1)
            let ch = pays[k].ch
            switch ch {
            case .wechat: pays[k].ref = ref("SW", day, next(.wechat, day, 0), 8)
            case .alipay: pays[k].ref = ref("ZFB", day, next(.alipay, day, 0), 8)
            case .unionpay: pays[k].ref = ref("", day, next(.unionpay, day, 0), 10)
            case .ccbPos: ccbSerial += r.int(1...2); pays[k].ref = ref("33", nil, ccbSerial, 10)
            case .bank: pays[k].ref = ref("", day, 8_000_000_000 + next(.bank, day, 0), 10)
            case .aishandong: pays[k].ref = ref("ASD", day, next(.aishandong, day, 0), 8)
            case .etax: pays[k].ref = ref("DZSWJ", day, next(.etax, day, 0), 8)
            case .gov: pays[k].ref = ref("ZFDJ", day, next(.gov, day, 0), 8)
            }
        }
        for k in order where pays[k].bankFailedBefore > 0 {
            let day = Int(pays[k].bankFailedBefore / 86400)
            pays[k].failRef = d8(day) + "8" + pad(next(.bank, day, 0), 9)
        }
        let refundOrder = pays.indices.filter { pays[$0].refund > 0 && !pays[$0].dropped }.sorted { (pays[$0].refund, $0) < (pays[$1].refund, $1) }
        for k in refundOrder {
            let p = pays[k]
            let day = p.refundDay
            switch p.ch {
            case .wechat: pays[k].refundRef = "RF" + d8(day) + pad(next(.wechat, day, 1), 8)
            case .alipay: pays[k].refundRef = "TK" + d8(day) + pad(next(.alipay, day, 1), 8)
            case .unionpay: pays[k].refundRef = d8(day) + pad(next(.unionpay, day, 0), 10)
            case .ccbPos: ccbSerial += r.int(1...2); pays[k].refundRef = "33" + pad(ccbSerial, 10)
            case .aishandong: pays[k].refundRef = "ASDTK" + d8(day) + pad(next(.aishandong, day, 1), 8)
            case .etax: pays[k].refundRef = "DZSWJTK" + d8(day) + pad(next(.etax, day, 1), 8)
            case .gov: pays[k].refundRef = "ZFDJTK" + d8(day) + pad(next(.gov, day, 1), 8)
            case .bank: break
            }
        }
        // mistyped references for the ledger (never another real reference of the channel)
        let typos = pays.indices.filter { k in
            if pays[k].dropped { return false }
            if case .refTypo = pays[k].ledger { return true }
            return false
        }
        var known = Set<String>()
        if !typos.isEmpty { for p in pays where !p.dropped { known.insert(p.ch.rawValue + ":" + p.ref) } }
        for k in typos {
            guard case .refTypo = pays[k].ledger else { continue }
            var u = Array(pays[k].ref.utf8)
            let n = u.count
            if u[n - 1] != u[n - 2] { u.swapAt(n - 1, n - 2) } else { u[n - 1] = 0x30 + (u[n - 1] - 0x30 + 1) % 10 }
            while known.contains(pays[k].ch.rawValue + ":" + String(decoding: u, as: UTF8.self)) {
                u[n - 3] = 0x30 + (u[n - 3] - 0x30 + 1) % 10
            }
            pays[k].ledger = .refTypo(String(decoding: u, as: UTF8.self))
        }
        // tickets in the order the tax system recorded the money
        var events: [(Int64, Int, Bool)] = []
        for k in pays.indices where !pays[k].failedOnly && !pays[k].dropped {
            events.append((pays[k].time, k, false))
            if pays[k].refund > 0 { events.append((pays[k].refund, k, true)) }
        }
        events.sort { ($0.0, $0.1, $0.2 ? 1 : 0) < ($1.0, $1.1, $1.2 ? 1 : 0) }
        var ticketSerial = 20 + r.below(80)
        for (t, k, refund) in events {
            ticketSerial += 1
            let yy = LocalDateTime(seconds: t).date.year % 100
            let ticket = ref("3370406", nil, (yy * 10 + 1) * 100_000_000 + ticketSerial, 8)
            if refund { pays[k].refundTicket = ticket } else { pays[k].ticket = ticket }
        }
    }

    /// prefix + yyyyMMdd (when a day is given) + the number zero-padded to `width` digits, in one allocation.
    func ref(_ prefix: StaticString, _ day: Int?, _ n: Int, _ width: Int) -> String {
        var b = Bytes(capacity: 32)
        b.ascii(prefix)
        if let day { b.date8(LocalDate(dayNumber: day)) }
        b.int(n, width: width)
        return String(decoding: b.b, as: UTF8.self)
    }

    // MARK: record views

    func idTextFor(_ p: Pay) -> String {
        if let raw = p.rawID { return raw }
        let body = persons[Int(p.person)].body
        return renderID(body, form: p.idForm)
    }

    func renderID(_ body: UInt64, form: IDForm) -> String {
        let canonical = idText(body)
        switch form {
        case .canonical: return canonical
        case .legacy15: return legacy15(body)
        case .lowerX: return canonical.replacingOccurrences(of: "X", with: "x")
        case .fullWidth:
            var s = ""
            for c in canonical.unicodeScalars {
                if c.value >= 0x30 && c.value <= 0x39 { s.unicodeScalars.append(Unicode.Scalar(c.value - 0x30 + 0xFF10)!) }
                else { s.unicodeScalars.append(Unicode.Scalar(0xFF38)!) }
            }
            return s
        case .leadingSpace: return " " + canonical
        case .trailingIdeographic: return canonical + "\u{3000}"
        }
    }

    func payerKey(_ p: Pay, time: Int64) -> (key: String, account: String) {
        guard p.payer >= 0 else { return ("", "") }
        let acct = payers[Int(p.payer)].key
        var db = Bytes(capacity: 10)
        db.date(LocalDateTime(seconds: time).date)
        let d = String(decoding: db.b, as: UTF8.self)
        switch p.ch {
        case .wechat, .bank: return (acct, acct)
        case .alipay, .unionpay: return (acct + "@" + d, acct)
        case .ccbPos: return (acct + "/" + villages[Int(p.village)].ccbTerminal + "@" + d, acct)
        default: return ("", acct)
        }
    }

    func stmtRecord(_ row: StmtRow) -> SRec {
        let p = pays[Int(row.pay)]
        let person = persons[Int(p.person)]
        var amount = p.amount
        var time = p.time
        var reversal = false
        switch row.kind {
        case .payment: break
        case .failed: time = p.failedOnly ? p.time : p.bankFailedBefore
        case .reversal: reversal = true; time = p.refund
        case .resendPayment:
            switch p.resend {
            case .amount(let a, _): amount = a
            case .time(let dt, _): time += dt
            default: break
            }
        case .resendReversal:
            reversal = true; time = p.refund
            if case .refundTime(let dt, _) = p.resend { time += dt }
        }
        let (key, account) = payerKey(p, time: reversal ? p.time : time)
        return SRec(ch: p.ch, reversal: reversal, failed: row.kind == .failed,
                    ref: reversal ? p.refundRef : (row.kind == .failed && !p.failedOnly ? p.failRef : p.ref),
                    orig: p.ref, idText: idTextFor(p), ins: p.ins, year: Int(p.year), amount: amount, time: time,
                    origTime: p.time, payerKey: key, account: account,
                    name: p.nameOverride ?? person.name, pay: row.pay)
    }

    func townCode(_ p: Pay) -> String {
        let person = persons[Int(p.person)]
        if person.town >= 0 { return towns[Int(person.town)].code }
        return towns[Int(villages[Int(max(0, p.village))].town)].code
    }

    func ledgerRecord(_ row: PlannedLedgerRow) -> LRec {
        let p = pays[Int(row.pay)]
        let person = persons[Int(p.person)]
        let idCanon = p.rawID ?? idText(person.body)
        if row.refund {
            return LRec(ticket: p.refundTicket, idText: idCanon, name: p.nameOverride ?? person.name, ins: p.ins,
                        year: Int(p.year), type: 2, amount: -p.amount, amountText: nil, ch: p.ch,
                        chRef: p.refundRef, time: p.refund, book: p.refundDay + Int(p.refundBook),
                        town: townCode(p), origTicket: p.ticket)
        }
        var rec = LRec(ticket: p.ticket, idText: idCanon, name: p.nameOverride ?? person.name, ins: p.ins,
                       year: Int(p.year), type: p.ch == .gov ? 1 : 0, amount: p.amount, amountText: nil, ch: p.ch,
                       chRef: p.ref, time: p.time, book: p.day + Int(p.book), town: townCode(p), origTicket: "")
        switch p.ledger {
        case .normal, .none: break
        case .amount(let a): rec.amount = a
        case .idText(let s): rec.idText = s
        case .otherInsurance: rec.ins = p.ins == .medical ? .pension : .medical
        case .otherChannel(let c): rec.ch = c
        case .refTypo(let s): rec.chRef = s
        case .brokenAmount(let s): rec.amountText = s
        }
        return rec
    }

    // MARK: files

    /// Groups statement and ledger rows into daily files.
    func layoutFiles(slots: [FileSpec]) {
        var stmt: [String: FileSpec] = [:]
        func file(_ ch: Channel, _ m: Int, _ fday: Int) -> FileSpec {
            let name = fileName(ch, merchant: m, day: fday)
            if let f = stmt[name] { return f }
            let f = FileSpec(name: name, format: ch.rawValue, date: LocalDate(dayNumber: fday), kind: .stmt(ch, m))
            stmt[name] = f
            return f
        }
        var ledger: [Int: FileSpec] = [:]
        func lfile(_ day: Int) -> FileSpec {
            if let f = ledger[day] { return f }
            let f = FileSpec(name: fileName(.gov, merchant: 0, day: day), format: "ledger", date: LocalDate(dayNumber: day), kind: .ledger)
            ledger[day] = f
            return f
        }
        for k in pays.indices where !pays[k].dropped {
            let p = pays[k]
            let m = Int(p.merchant)
            let pi = Int32(k)
            if !p.ch.isLedgerOnly {
                switch p.stmt {
                case .none: break
                case .slot(let s):
                    slots[s].stmtRows.append(StmtRow(pay: pi, kind: p.failedOnly ? .failed : .payment))
                    if p.refund > 0 { slots[s].stmtRows.append(StmtRow(pay: pi, kind: .reversal)) }
                case .normal:
                    if p.failedOnly {
                        file(p.ch, m, stmtFileDay(p.ch, p.day)).stmtRows.append(StmtRow(pay: pi, kind: .failed))
                        continue
                    }
                    file(p.ch, m, stmtFileDay(p.ch, p.day)).stmtRows.append(StmtRow(pay: pi, kind: .payment))
                    if p.refund > 0 {
                        file(p.ch, m, stmtFileDay(p.ch, p.refundDay)).stmtRows.append(StmtRow(pay: pi, kind: .reversal))
                    }
                    if p.bankFailedBefore > 0 {
                        let fd = Int(p.bankFailedBefore / 86400)
                        file(p.ch, m, fd).stmtRows.append(StmtRow(pay: pi, kind: .failed))
                    }
                    switch p.resend {
                    case .none: break
                    case .same(let d), .amount(_, let d), .time(_, let d):
                        file(p.ch, m, stmtFileDay(p.ch, p.day) + d).stmtRows.append(StmtRow(pay: pi, kind: .resendPayment))
                    case .refundSame(let d), .refundTime(_, let d):
                        file(p.ch, m, stmtFileDay(p.ch, p.refundDay) + d).stmtRows.append(StmtRow(pay: pi, kind: .resendReversal))
                    }
                }
            }
            if p.failedOnly { continue }
            if case .none = p.ledger {} else {
                lfile(p.day + Int(p.book)).ledgerRows.append(PlannedLedgerRow(pay: pi, refund: false))
            }
            if p.refund > 0 {
                lfile(p.refundDay + Int(p.refundBook)).ledgerRows.append(PlannedLedgerRow(pay: pi, refund: true))
            }
        }
        var all = Array(stmt.values) + Array(ledger.values) + slots
        // rows in time order within each file
        for f in all {
            if f.stmtRows.count > 1 {
                var keyed = f.stmtRows.map { (rowTime($0), $0.pay, $0.kind.rawValue) }
                keyed.sort { $0 < $1 }
                f.stmtRows = keyed.map { StmtRow(pay: $0.1, kind: StmtRow.Kind(rawValue: $0.2)!) }
            }
            if f.ledgerRows.count > 1 {
                var keyed = f.ledgerRows.map { ($0.refund ? pays[Int($0.pay)].refund : pays[Int($0.pay)].time, $0.pay, $0.refund ? 1 : 0) }
                keyed.sort { $0 < $1 }
                f.ledgerRows = keyed.map { PlannedLedgerRow(pay: $0.1, refund: $0.2 == 1) }
            }
        }
        var lr = root.fork("ledger-members")
        for day in ledger.keys.sorted() where ledger[day]!.ledgerRows.count >= 4 && lr.chance(0.3) { ledger[day]!.twoMembers = true }
        all.sort(by: FileSpec.ordered)
        files.append(contentsOf: all)
    }

    func rowTime(_ row: StmtRow) -> Int64 {
        let p = pays[Int(row.pay)]
        switch row.kind {
        case .payment: return p.time
        case .failed: return p.failedOnly ? p.time : p.bankFailedBefore
        case .reversal: return p.refund
        case .resendPayment:
            if case .time(let dt, _) = p.resend { return p.time + dt }
            return p.time
        case .resendReversal:
            if case .refundTime(let dt, _) = p.resend { return p.refund + dt }
            return p.refund
        }
    }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: a) {
            out += rest[..<r.lowerBound]
            out += b
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

extension Substring {
    func range(of s: String) -> Range<Substring.Index>? {
        guard !s.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(s) { return i..<index(i, offsetBy: s.count) }
            i = index(after: i)
        }
        return nil
    }
}
