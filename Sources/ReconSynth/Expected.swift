import ReconCore

/// A finding planted on purpose, resolved to its subject once references are assigned.
struct Expected {
    enum Subject {
        case txn(Int)                 // pay index
        case reversal(Int)            // pay index (its reversal)
        case person(Int, Insurance)   // person index
        case account(Int)             // a pay index whose payer key is the account
        case ticket(Int)              // pay index: its ledger ticket
        case subsidy(SubsidyKey)
    }
    var code: String
    var subject: Subject
    var note: String
}

extension World {
    func expect(_ code: String, _ s: Expected.Subject, _ note: String) {
        expected.append(Expected(code: code, subject: s, note: note))
    }

    func subjectText(_ s: Expected.Subject) -> String {
        switch s {
        case .txn(let k): return "txn:\(pays[k].ch.rawValue):\(pays[k].ref)"
        case .reversal(let k):
            let p = pays[k]
            return "reversal:\(p.ch.rawValue):\(p.ch.isLedgerOnly ? p.refundTicket : p.refundRef)"
        case .person(let i, let ins): return "person:\(idText(persons[i].body)):\(ins.rawValue):\(Y)"
        case .account(let k): return "account:\(pays[k].ch.rawValue):\(payerKey(pays[k], time: pays[k].time).key)"
        case .ticket(let k): return "ticket:\(pays[k].ticket)"
        case .subsidy(let key): return "subsidy:\(key.town):\(key.ins.rawValue):\(key.category)"
        }
    }

    /// Planted findings keyed as the evaluator reports them (notes joined when one subject is planted twice).
    func resolveExpected() -> [FindingKey: String] {
        var out: [FindingKey: String] = [:]
        for e in expected {
            let k = FindingKey(code: e.code, subject: subjectText(e.subject))
            if let old = out[k], old != e.note { out[k] = old + "; " + e.note } else { out[k] = e.note }
        }
        return out
    }
}

extension World {
    /// Near misses the clean background holds anyway (described from the data).
    func backgroundNearMisses() -> [String] {
        var out: [String] = []
        // a household of 5 or 6 paying from one account
        var byPayer: [Int32: Set<Int32>] = [:]
        for p in pays where !p.dropped && !p.failedOnly && p.payer >= 0 && p.refund == 0 && (p.ch == .wechat || p.ch == .bank) && payers[Int(p.payer)].household >= 0 {
            byPayer[p.payer, default: []].insert(p.person)
        }
        if let best = byPayer.filter({ $0.value.count >= 5 }).keys.sorted().first {
            let pk = payers[Int(best)]
            out.append("account:\(pk.ch.rawValue):\(pk.key) paid for \(byPayer[best]!.count) persons of one household: no POOLED_ACCOUNT")
        }
        // a 60–69-year-old paying 190 with the government's 190
        if let p = pays.first(where: { !$0.dropped && $0.ch != .gov && $0.ins == .medical && $0.amount == Policy2024.medicalHalf && $0.refund == 0 && !$0.failedOnly }) {
            out.append("\(idText(persons[Int(p.person)].body)) (age \(persons[Int(p.person)].age)) paid 190 and the government 190: nothing opens [txn:\(p.ch.rawValue):\(p.ref)]")
        }
        // an entitled person who died before the window ended, without a government payment
        if let i = persons.indices.first(where: { persons[$0].household >= 0 && persons[$0].isDead && Int(persons[$0].death) <= cal.windowEnd
                                                 && persons[$0].med.jan == .normal && medicalEntitlement($0) > 0 }) {
            out.append("\(idText(persons[i].body)) entitled to a government payment, died \(date(Int(persons[i].death))): no MISSING_GOVERNMENT_PAYMENT")
        }
        return out
    }
}
