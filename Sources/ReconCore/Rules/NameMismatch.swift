/// `NAME_MISMATCH` (high, txn): a payment row that carries a full name (bank 姓名; the ledger 姓名 of
/// the ledger-only channels aishandong, etax, gov) differing from the enrolled name of (ID, insurance).
///
/// The detail names the enrollee of the same village with the row's name whose ID differs from the
/// paid one by one digit or one adjacent swap in the 17-digit body ("did you mean"), if there is one.
public enum NameMismatch {
    static let namedChannels: Set<Channel> = [.bank, .aishandong, .etax, .gov]

    static func findings(_ v: RuleInput, into out: inout FindingSink) {
        let ps = v.payments, texts = v.paymentTexts
        for i in ps.indices {
            let p = ps[i]
            guard p.isJudged, NameMismatch.namedChannels.contains(p.channel), let enrolled = v.rosterEntry(of: p),
                  let raw = texts.name(i) else { continue }
            // Most rows carry the enrolled name exactly: no trimmed copies for them.
            if raw == enrolled.name { continue }
            let name = raw.trimmingSpaces
            guard !name.isEmpty, name != enrolled.name.trimmingSpaces else { continue }
            // The IDs one edit from the paid one (169 at most) are looked up, rather than indexing the
            // whole roster by name for the first mismatch (0.8 s of every county run). Per ID, its
            // first roster row (roster order) with the row's name in the enrollee's village.
            var candidates: [RosterEntry] = []
            for body in oneEditNeighbours(of: p.idBody) {
                let rows = [v.rosterByKey[JoinedView.key(body, .pension)], v.rosterByKey[JoinedView.key(body, .medical)]]
                for k in rows.compactMap({ $0 }).sorted() {
                    let r = v.roster[Int(k)]
                    if r.name == name && r.villageCode == enrolled.villageCode {
                        candidates.append(r)
                        break
                    }
                }
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
    }

    /// The 17-digit bodies one digit or one swap of two adjacent (different) digits away from `body`.
    public static func oneEditNeighbours(of body: UInt64) -> [UInt64] {
        var digits = [UInt64](repeating: 0, count: 17)   // digits[i]: the digit of weight 10^i
        var x = body
        for i in 0..<17 { digits[i] = x % 10; x /= 10 }
        var out: [UInt64] = []
        out.reserveCapacity(17 * 9 + 16)
        var weight: UInt64 = 1
        for i in 0..<17 {
            let base = body - digits[i] * weight
            for d in 0..<UInt64(10) where d != digits[i] { out.append(base + d * weight) }
            if i < 16, digits[i] != digits[i + 1] {
                // Swap the digits at weights 10^i and 10^(i+1).
                let hi = weight * 10
                out.append(body - digits[i] * weight - digits[i + 1] * hi + digits[i + 1] * weight + digits[i] * hi)
            }
            weight *= 10
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
