import ReconCore

/// The current roster joined with the effective payments of one coverage year — the ground the
/// finance, coverage and publication reports stand on — built by a hash join in memory.
///
/// Two sequential reads (the roster in storage order, the payments of the year) and a dictionary: at
/// county scale (420k roster rows, 430k payments) this is several times faster than letting SQLite
/// join them, which needs an index the write path does not keep or an automatic one per query.
///
/// As the reconciler reads them: the first roster row of each valid (ID, insurance) is the person; a
/// payment is effective when its amount minus its primary reversals is > 0; only valid IDs count.
struct PersonYears {
    /// One effective payment of a person.
    struct Payment {
        var channel: String
        /// Amount (what the rules compare) and what is left after reversals.
        var amountFen: Int64
        var netFen: Int64
        var paidAt: String
    }

    /// One roster row (person and insurance) with the year's payments.
    struct Person {
        var id: String
        var insurance: String
        var name: String
        var household: String
        var town: String
        var village: String
        var villageName: String
        var status: String
        var student: Bool
        var payments: [Payment] = []

        var isCovered: Bool { !payments.isEmpty }
        var hasPersonal: Bool { payments.contains { $0.channel != Channel.gov.rawValue } }

        /// Whole years completed on `day`, from the birth date in the 18-character ID.
        func age(on day: LocalDate) -> Int {
            let c = Array(id.utf8)
            guard c.count == 18 else { return -1 }
            func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(c[$1]) - 48 } }
            let y = num(6..<10), md = num(10..<14)
            return day.year - y - (md > day.month * 100 + day.day ? 1 : 0)
        }
    }

    var persons: [Person] = []
    /// Effective payments of the year with a valid ID and no roster row.
    var outside = 0

    /// Loads the roster (within `area`) and the year's effective payments.
    init(_ db: ReportDatabase, year: Int, area: AreaFilter = .init()) throws {
        let (areaSQL, areaParams) = area.sql(town: "town_code", village: "village_code")
        var index: [UInt64: Int32] = [:]
        index.reserveCapacity(Int(try db.int("SELECT count(*) FROM enrollment")))
        let roster = try db.db.prepare("""
            SELECT id_number, insurance, name, COALESCE(household, ''), COALESCE(town_code, ''), COALESCE(village_code, ''),
                   COALESCE(village_name, ''), status, student
            FROM enrollment WHERE id_valid = 1\(areaSQL) ORDER BY rowid
            """, persistent: false)
        roster.bind(areaParams)
        while try roster.step() {
            let id = roster.columnText(0) ?? "", ins = roster.columnText(1) ?? ""
            guard let key = Self.key(id, ins), index[key] == nil else { continue }
            index[key] = Int32(persons.count)
            persons.append(Person(id: id, insurance: ins, name: roster.columnText(2) ?? "", household: roster.columnText(3) ?? "",
                                  town: roster.columnText(4) ?? "", village: roster.columnText(5) ?? "",
                                  villageName: roster.columnText(6) ?? "", status: roster.columnText(7) ?? "",
                                  student: roster.columnInt64(8) != 0))
        }
        let pays = try db.db.prepare("""
            WITH \(PaymentSQL.effective)
            SELECT id_number, insurance, channel, amount_fen, net_fen, paid_at FROM eff
            """, persistent: false)
        pays.bind(1, Int64(year))
        while try pays.step() {
            guard let key = Self.key(pays.columnText(0) ?? "", pays.columnText(1) ?? ""), let k = index[key] else {
                outside += 1
                continue
            }
            persons[Int(k)].payments.append(Payment(channel: pays.columnText(2) ?? "", amountFen: pays.columnInt64(3),
                                               netFen: pays.columnInt64(4), paidAt: pays.columnText(5) ?? ""))
        }
    }

    /// A valid ID's 17-digit body and the insurance packed into one integer (hashing 26-character
    /// strings was most of the time); nil for anything that is not 17 digits and a check character.
    static func key(_ id: String, _ insurance: String) -> UInt64? {
        var body: UInt64 = 0
        var n = 0
        for c in id.utf8 {
            n += 1
            if n == 18 { break }
            guard c >= 48 && c <= 57 else { return nil }
            body = body &* 10 &+ UInt64(c - 48)
        }
        guard n == 18 else { return nil }
        return body << 1 | (insurance == "medical" ? 1 : 0)
    }
}
