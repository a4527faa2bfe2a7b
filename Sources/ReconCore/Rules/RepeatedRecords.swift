/// `CONFLICTING_RECORD` (high) and `DUPLICATE_RECORD` (info), subject `txn:` or `reversal:`: an
/// identity (channel, kind, ref) that arrived again. Each repeated sighting is compared with the one
/// that stands (the first by file date, file name, line) on amount, normalised ID, insurance and time
/// only: a differing one makes the identity CONFLICTING, an identical one DUPLICATE (an identity
/// seen again both ways opens both).
enum RepeatedRecords {
    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        struct Group {
            var channel: Channel
            var isReversal: Bool
            var ref: String
            var same: [Int] = []
            var different: [(Int, [JSONValue])] = []
        }
        var groups: [String: Group] = [:]
        var order: [String] = []
        for (si, s) in v.sightings.enumerated() {
            let primary: (amount: Int64, id: String, valid: Bool, insurance: Insurance, at: LocalDateTime)
            if s.isReversal {
                guard let r = v.reversalIndex(s.channel, s.ref) else { continue }
                let x = v.reversals[r]
                primary = (x.amountFen, x.idText, x.idValid, x.insurance, x.paidAt)
            } else {
                guard let p = v.paymentIndex(s.channel, s.ref) else { continue }
                let x = v.payments[p]
                primary = (x.amountFen, v.idText(p), x.idValid, x.insurance, x.paidAt)
            }
            var fields: [JSONValue] = []
            if s.amountFen != primary.amount { fields.append("amount") }
            if s.idText != primary.id || s.idValid != primary.valid { fields.append("id_number") }
            if s.insurance != primary.insurance { fields.append("insurance") }
            if s.paidAt != primary.at { fields.append("time") }
            let key = "\(s.isReversal ? "reversal" : "txn"):\(s.channel.rawValue):\(s.ref)"
            if groups[key] == nil {
                groups[key] = Group(channel: s.channel, isReversal: s.isReversal, ref: s.ref)
                order.append(key)
            }
            if fields.isEmpty { groups[key]!.same.append(si) } else { groups[key]!.different.append((si, fields)) }
        }
        for key in order {
            let g = groups[key]!
            let standing: JSONValue
            let idText: String, insurance: Insurance, year: Int, amount: Int64
            var roster: RosterEntry? = nil
            if g.isReversal {
                let x = v.reversals[v.reversalIndex(g.channel, g.ref)!]
                standing = ["amount": .yuan(x.amountFen), "id_number": .string(x.idText),
                            "insurance": .string(x.insurance.rawValue), "time": .string(x.paidAt.description),
                            "source": .string(v.source(x.fileID, x.line))]
                (idText, insurance, year, amount) = (x.idText, x.insurance, x.year, x.amountFen)
                if x.idValid { roster = v.rosterEntry(x.idBody, x.insurance) }
            } else {
                let i = v.paymentIndex(g.channel, g.ref)!
                let x = v.payments[i]
                standing = ["amount": .yuan(x.amountFen), "id_number": .string(v.idText(i)),
                            "insurance": .string(x.insurance.rawValue), "time": .string(x.paidAt.description),
                            "source": .string(v.source(x.fileID, x.line))]
                (idText, insurance, year, amount) = (v.idText(i), x.insurance, x.year, x.amountFen)
                roster = v.rosterEntry(of: x)
            }
            func sighting(_ si: Int) -> [String: JSONValue] {
                let s = v.sightings[si]
                return ["amount": .yuan(s.amountFen), "id_number": .string(s.idText),
                        "insurance": .string(s.insurance.rawValue), "time": .string(s.paidAt.description),
                        "source": .string(v.source(s.fileID, s.line))]
            }
            func finding(_ code: FindingCode, _ seen: [JSONValue]) -> Finding {
                Finding(code: code, subject: key, year: year, idNumber: idText, insurance: insurance, channel: g.channel,
                        txnRef: g.ref, townCode: roster?.townCode, villageCode: roster?.villageCode, amountFen: amount,
                        detail: ["kind": .string(g.isReversal ? "reversal" : "payment"), "standing": standing,
                                 "seen_again": .array(seen)])
            }
            if !g.different.isEmpty {
                out.append(finding(.conflictingRecord, g.different.map { si, fields in
                    var o = sighting(si)
                    o["differs_in"] = .array(fields)
                    return .object(o)
                }))
            }
            if !g.same.isEmpty {
                out.append(finding(.duplicateRecord, g.same.map { .object(sighting($0)) }))
            }
        }
    }
}
