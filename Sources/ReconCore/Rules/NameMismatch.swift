/// `NAME_MISMATCH` (high, txn): a payment row that carries a full name (bank 姓名; the ledger 姓名 of
/// the ledger-only channels aishandong, etax, gov) differing from the enrolled name of (ID, insurance).
///
/// The detail names the enrollee of the same village with the row's name whose ID differs from the
/// paid one by one digit or one adjacent swap in the 17-digit body ("did you mean"), if there is one.
public enum NameMismatch {
    static let namedChannels: Set<Channel> = [.bank, .aishandong, .etax, .gov]

    public static func findings(_ v: JoinedView) -> [Finding] {
        var out: [Finding] = []
        var byName: [String: [Int32]]? = nil
        let ps = v.payments
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, NameMismatch.namedChannels.contains(p.channel), let enrolled = v.rosterEntry(of: p),
                  let raw = v.paymentTexts[i].name else { continue }
            let name = raw.trimmingSpaces
            guard !name.isEmpty, name != enrolled.name.trimmingSpaces else { continue }
            if byName == nil {
                var m: [String: [Int32]] = [:]
                for (k, r) in v.roster.enumerated() { m[r.name, default: []].append(Int32(k)) }
                byName = m
            }
            var seen: Set<UInt64> = []
            var candidates: [RosterEntry] = []
            for k in byName?[name] ?? [] {
                let r = v.roster[Int(k)]
                guard r.villageCode == enrolled.villageCode, r.idBody != p.idBody,
                      isOneEditApart(r.idBody, p.idBody), seen.insert(r.idBody).inserted else { continue }
                candidates.append(r)
            }
            candidates.sort { ($0.insurance == p.insurance ? 0 : 1, $0.idBody) < ($1.insurance == p.insurance ? 0 : 1, $1.idBody) }
            var d: [String: JSONValue] = [
                "name_on_row": .string(name), "enrolled_name": .string(enrolled.name),
                "enrollment": v.rosterEvidence(enrolled),
            ]
            if let first = candidates.first {
                d["did_you_mean"] = [
                    "id_number": .string(first.idText), "name": .string(first.name),
                    "village_code": .string(first.villageCode), "village_name": .string(first.villageName),
                    "household": .string(first.household),
                ]
                if candidates.count > 1 { d["other_candidates"] = .array(candidates.dropFirst().map { .string($0.idText) }) }
            }
            out.append(v.txnFinding(.nameMismatch, i, d))
        }
        return out
    }

    /// Whether two 17-digit bodies differ in exactly one digit, or by one swap of two adjacent digits.
    public static func isOneEditApart(_ a: UInt64, _ b: UInt64) -> Bool {
        var x = a, y = b
        var diffs: [Int] = []
        var da: [UInt8] = [], db: [UInt8] = []
        for pos in 0..<17 {
            let ca = UInt8(x % 10), cb = UInt8(y % 10)
            x /= 10; y /= 10
            if ca != cb {
                diffs.append(pos)
                da.append(ca); db.append(cb)
                if diffs.count > 2 { return false }
            }
        }
        if diffs.count == 1 { return true }
        return diffs.count == 2 && diffs[1] == diffs[0] + 1 && da[0] == db[1] && da[1] == db[0]
    }
}
