/// Everything the rules look at, loaded from the store into memory once per run and joined with
/// hash maps on integer keys: packed ID bodies (`IDNumber.body`), (body, insurance) pairs, and per
/// channel the stored references.
///
/// Built with one SELECT per table. Rows with an invalid ID take part only where RULES.md lets them
/// (their payments keep the raw text); reference rows with an invalid ID match nothing.
public final class JoinedView {
    /// The policies the payments are judged by, and as a list (`ViewPayment.policyIndex` points here).
    public let policies: PolicySet
    public let policyList: [Policy]
    /// The date gated rules wait for (nil: nothing ingested yet; gated rules open nothing).
    public let asOf: LocalDate?

    /// Primary payment records, in `records.id` order.
    public internal(set) var payments: [ViewPayment] = []
    /// ID facts of each payment under its year's policy (`IDFacts.none` for invalid IDs and NO_POLICY).
    public internal(set) var facts: [IDFacts] = []
    /// Primary reversal records.
    public internal(set) var reversals: [ViewReversal] = []
    /// Non-primary records: repeated sightings of an identity.
    public internal(set) var sightings: [ViewSighting] = []
    /// The current roster's rows with a valid ID.
    public internal(set) var roster: [RosterEntry] = []
    /// (body, insurance) → roster row; the first row of the snapshot wins.
    var rosterByKey: [UInt64: Int32] = [:]
    /// body → first roster row of the ID (any insurance).
    var rosterByID: [UInt64: Int32] = [:]
    /// body → the death notice that stands.
    public internal(set) var deaths: [UInt64: DeathEntry] = [:]
    var assistance: [UInt64: [AssistanceEntry]] = [:]
    var employees: [UInt64: [EmployeeEntry]] = [:]
    /// Ledger 个人缴费 rows of the statement channels.
    public internal(set) var ledger: [LedgerEntry] = []
    /// Per channel: 渠道流水号 → first ledger row; `ledgerNext` chains the others of the same reference.
    var ledgerFirst: [[String: Int32]]
    var ledgerNext: [Int32] = []
    /// Per channel: txn_ref → payment index; reversal_ref → reversal index.
    var paymentByRef: [[String: Int32]]
    var reversalByRef: [[String: Int32]]
    /// payment index → its primary reversals (indexes into `reversals`).
    var reversalsOfPayment: [Int32: [Int32]] = [:]
    /// Every disbursement line of every file.
    public internal(set) var claims: [ClaimEntry] = []
    /// files.id → (name, file date).
    var files: [Int64: (name: String, date: String)] = [:]

    init(policies: PolicySet, asOf: LocalDate?) {
        self.policies = policies
        self.policyList = policies.policies
        self.asOf = asOf
        let n = Channel.allCases.count
        ledgerFirst = Array(repeating: [:], count: n)
        paymentByRef = Array(repeating: [:], count: n)
        reversalByRef = Array(repeating: [:], count: n)
    }

    /// Loads the view. `asOf` nil means the store's newest statement or ledger file date.
    public static func load(store: Store, policies: PolicySet = .builtin, asOf: LocalDate? = nil) throws -> JoinedView {
        let v = JoinedView(policies: policies, asOf: try asOf ?? store.newestStatementDate())
        let db = store.db
        try v.loadFiles(db)
        try v.loadRecords(db)
        try v.loadRoster(db)
        try v.loadDeaths(db)
        try v.loadAssistance(db)
        try v.loadEmployees(db)
        try v.loadLedger(db)
        try v.loadClaims(db)
        v.resolve()
        return v
    }

    // MARK: Keys

    /// (body, insurance) packed into one integer (bodies are below 10^17 < 2^57).
    @inline(__always) static func key(_ body: UInt64, _ insurance: Insurance) -> UInt64 {
        body << 1 | (insurance == .medical ? 1 : 0)
    }

    /// SQL mapping `channel` to `Channel.allCases` indexes (-1 for anything else).
    static let channelCase: String = {
        var s = "CASE channel"
        for (i, c) in Channel.allCases.enumerated() { s += " WHEN '\(c.rawValue)' THEN \(i)" }
        return s + " ELSE -1 END"
    }()

    static let channels = Channel.allCases

    @inline(__always) static func channelIndex(_ c: Channel) -> Int {
        switch c {
        case .wechat: return 0
        case .alipay: return 1
        case .unionpay: return 2
        case .ccbPos: return 3
        case .bank: return 4
        case .aishandong: return 5
        case .etax: return 6
        case .gov: return 7
        }
    }

    // MARK: Loading

    func loadFiles(_ db: Connection) throws {
        let c = try RowCursor(db, "SELECT id, name, file_date FROM files")
        while try c.step() { files[c.int(0)] = (c.text(1), c.text(2)) }
    }

    func loadRecords(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT id, \(JoinedView.channelCase), kind = 'reversal', ref, original_ref, id_number, id_valid,
                   insurance = 'medical', year, amount_fen, paid_at, payer_key, name, file_id, line_no, is_primary
            FROM records ORDER BY id
            """)
        while try c.step() {
            let ch = Int(c.int(1))
            guard ch >= 0 else { continue }
            let channel = JoinedView.channels[ch]
            let isReversal = c.int(2) != 0
            let ref = c.text(3)
            let valid = c.int(6) != 0
            let body = c.idBody(5, valid: valid)
            let insurance: Insurance = c.int(7) != 0 ? .medical : .pension
            let paidAt = c.dateTime(10) ?? LocalDateTime(seconds: 0)
            if c.int(15) == 0 {
                sightings.append(ViewSighting(
                    recordID: c.int(0), channel: channel, isReversal: isReversal, ref: ref, amountFen: c.int(9),
                    idText: c.text(5), idValid: body != nil, insurance: insurance, paidAt: paidAt, fileID: c.int(13),
                    line: Int(c.int(14))))
            } else if isReversal {
                reversalByRef[ch][ref] = Int32(reversals.count)
                reversals.append(ViewReversal(
                    recordID: c.int(0), channel: channel, ref: ref, originalRef: c.optionalText(4), idBody: body ?? 0,
                    rawID: body == nil ? c.text(5) : nil, insurance: insurance, year: Int(c.int(8)), amountFen: c.int(9),
                    paidAt: paidAt, fileID: c.int(13), line: Int(c.int(14))))
            } else {
                paymentByRef[ch][ref] = Int32(payments.count)
                payments.append(ViewPayment(
                    recordID: c.int(0), channel: channel, ref: ref, idBody: body ?? 0, rawID: body == nil ? c.text(5) : nil,
                    insurance: insurance, year: Int(c.int(8)), amountFen: c.int(9), paidAt: paidAt,
                    payerKey: c.optionalText(11), name: c.optionalText(12), fileID: c.int(13), line: Int(c.int(14))))
            }
        }
    }

    func loadRoster(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT id_number, id_valid, name, household, town_code, village_code, village_name, insurance = 'medical',
                   CASE status WHEN '正常' THEN 0 WHEN '暂停' THEN 1 ELSE 2 END, student, line_no
            FROM enrollment ORDER BY file_id, line_no
            """)
        while try c.step() {
            guard let body = c.idBody(0, valid: c.int(1) != 0) else { continue }
            let insurance: Insurance = c.int(7) != 0 ? .medical : .pension
            let status: EnrollmentRow.Status = c.int(8) == 0 ? .normal : c.int(8) == 1 ? .suspended : .terminated
            let i = Int32(roster.count)
            roster.append(RosterEntry(
                idBody: body, insurance: insurance, name: c.text(2), household: c.text(3), townCode: c.text(4),
                villageCode: c.text(5), villageName: c.text(6), status: status, student: c.int(9) != 0,
                line: Int(c.int(10))))
            let k = JoinedView.key(body, insurance)
            if rosterByKey[k] == nil { rosterByKey[k] = i }
            if rosterByID[body] == nil { rosterByID[body] = i }
        }
    }

    func loadDeaths(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT id_number, id_valid, death_date, notice_date, source, file_date, file_name, line_no FROM deaths
            """)
        while try c.step() {
            guard let body = c.idBody(0, valid: c.int(1) != 0), let death = c.date(2), let notice = c.date(3) else {
                continue
            }
            let d = DeathEntry(deathDate: death, noticeDate: notice, source: c.text(4), fileDate: c.text(5),
                               fileName: c.text(6), line: Int(c.int(7)))
            if let old = deaths[body], !old.isSuperseded(by: d) { continue }
            deaths[body] = d
        }
    }

    func loadAssistance(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT id_number, id_valid, category, insurance = 'medical', recognised_on, ends_on FROM assistance
            """)
        while try c.step() {
            guard let body = c.idBody(0, valid: c.int(1) != 0), let from = c.date(4) else { continue }
            assistance[body, default: []].append(AssistanceEntry(
                category: c.text(2), insurance: c.int(3) != 0 ? .medical : .pension, recognisedOn: from,
                endsOn: c.date(5)))
        }
    }

    func loadEmployees(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT id_number, id_valid, insurance = 'medical', employer, starts_on, ends_on FROM employee
            """)
        while try c.step() {
            guard let body = c.idBody(0, valid: c.int(1) != 0), let from = c.date(4) else { continue }
            employees[body, default: []].append(EmployeeEntry(
                insurance: c.int(2) != 0 ? .medical : .pension, employer: c.text(3), startsOn: from, endsOn: c.date(5)))
        }
    }

    func loadLedger(_ db: Connection) throws {
        let ledgerOnly = Channel.allCases.filter(\.isLedgerOnly).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let c = try RowCursor(db, """
            SELECT ticket, id_number, id_valid, insurance = 'medical', year, amount_fen, \(JoinedView.channelCase),
                   channel_ref, paid_at, town_code, file_id, line_no
            FROM ledger WHERE pay_type = 'personal' AND channel NOT IN (\(ledgerOnly)) ORDER BY file_id, line_no
            """)
        while try c.step() {
            let ch = Int(c.int(6))
            guard ch >= 0 else { continue }
            let body = c.idBody(1, valid: c.int(2) != 0)
            let ref = c.text(7)
            let i = Int32(ledger.count)
            ledger.append(LedgerEntry(
                ticket: c.text(0), idBody: body ?? 0, rawID: body == nil ? c.text(1) : nil,
                insurance: c.int(3) != 0 ? .medical : .pension, year: Int(c.int(4)), amountFen: c.int(5),
                channel: JoinedView.channels[ch], channelRef: ref, paidAt: c.dateTime(8) ?? LocalDateTime(seconds: 0),
                townCode: c.text(9), fileID: c.int(10), line: Int(c.int(11))))
            ledgerNext.append(-1)
            if let first = ledgerFirst[ch][ref] {
                var j = Int(first)
                while ledgerNext[j] >= 0 { j = Int(ledgerNext[j]) }
                ledgerNext[j] = i
            } else {
                ledgerFirst[ch][ref] = i
            }
        }
    }

    func loadClaims(_ db: Connection) throws {
        let c = try RowCursor(db, """
            SELECT town_code, insurance, category, persons, amount_fen, file_date, file_name, line_no FROM disbursement
            """)
        while try c.step() {
            guard let insurance = Insurance(rawValue: c.text(1)),
                  let category = DisbursementRow.Category(rawValue: c.text(2)) else { continue }
            claims.append(ClaimEntry(townCode: c.text(0), insurance: insurance, category: category,
                                     persons: Int(c.int(3)), amountFen: c.int(4), fileDate: c.text(5),
                                     fileName: c.text(6), line: Int(c.int(7))))
        }
    }

    /// Joins reversals to their payments, payments to their policy and roster row, and works out
    /// each payment's ID facts.
    func resolve() {
        for r in reversals.indices {
            guard let orig = reversals[r].originalRef,
                  let p = paymentByRef[JoinedView.channelIndex(reversals[r].channel)][orig] else { continue }
            reversals[r].originalIndex = p
            reversalsOfPayment[p, default: []].append(Int32(r))
            payments[Int(p)].reversedFen += reversals[r].amountFen
        }
        var yearIndex: [Int: Int] = [:]
        for (i, p) in policyList.enumerated() { yearIndex[p.year] = i }
        facts = Array(repeating: .none, count: payments.count)
        for i in payments.indices {
            let p = payments[i]
            if let pi = yearIndex[p.year] { payments[i].policyIndex = pi }
            guard p.idValid else { continue }
            if let r = rosterByKey[JoinedView.key(p.idBody, p.insurance)] { payments[i].rosterIndex = r }
            if let pi = yearIndex[p.year] { facts[i] = idFacts(p.idBody, policyList[pi]) }
        }
    }

    // MARK: Questions

    /// The policy of a payment's coverage year.
    @inline(__always) public func policy(of p: ViewPayment) -> Policy? {
        p.policyIndex >= 0 ? policyList[p.policyIndex] : nil
    }

    /// The roster row for (ID, insurance).
    public func rosterEntry(_ body: UInt64, _ insurance: Insurance) -> RosterEntry? {
        rosterByKey[JoinedView.key(body, insurance)].map { roster[Int($0)] }
    }

    /// Any roster row of the ID (the first of the snapshot).
    public func anyRosterEntry(_ body: UInt64) -> RosterEntry? {
        rosterByID[body].map { roster[Int($0)] }
    }

    /// The payment's roster row for (ID, insurance).
    public func rosterEntry(of p: ViewPayment) -> RosterEntry? {
        p.rosterIndex >= 0 ? roster[Int(p.rosterIndex)] : nil
    }

    /// The ID facts of a valid ID under a policy.
    public func idFacts(_ body: UInt64, _ policy: Policy) -> IDFacts {
        var f = IDFacts.none
        f.age = IDNumber(body: body).age(on: policy.ageReferenceDay)
        if let rows = assistance[body] {
            for a in rows where a.isValid(inYear: policy.year) {
                f.hardship = true
                if a.insurance == .medical, policy.fullPaidCategories.contains(a.category) { f.medicalFull = true }
                if a.insurance == .pension, policy.governmentPensionCategories.contains(a.category) {
                    f.pensionGovernment = true
                }
            }
        }
        if f.age >= policy.fullPaidMinAge { f.medicalFull = true }
        f.medicalHalf = !f.medicalFull && f.age >= policy.halfPaidMinAge && f.age <= policy.halfPaidMaxAge
        if let rows = employees[body] {
            for e in rows where e.isActive(inYear: policy.year) {
                if e.insurance == .pension { f.employeePension = true } else { f.employeeMedical = true }
            }
        }
        return f
    }

    /// The assistance rows of an ID valid in a year.
    public func assistanceRows(_ body: UInt64, year: Int) -> [AssistanceEntry] {
        (assistance[body] ?? []).filter { $0.isValid(inYear: year) }
    }

    /// The employee rows of an ID active in a year.
    public func employeeRows(_ body: UInt64, year: Int) -> [EmployeeEntry] {
        (employees[body] ?? []).filter { $0.isActive(inYear: year) }
    }

    /// The primary payment of an identity, any (effective or not).
    public func paymentIndex(_ channel: Channel, _ ref: String) -> Int? {
        paymentByRef[JoinedView.channelIndex(channel)][ref].map(Int.init)
    }

    /// The primary reversal of an identity.
    public func reversalIndex(_ channel: Channel, _ ref: String) -> Int? {
        reversalByRef[JoinedView.channelIndex(channel)][ref].map(Int.init)
    }

    /// The ledger 个人缴费 rows of a statement channel with this 渠道流水号, in ledger order.
    public func ledgerRows(_ channel: Channel, _ ref: String) -> [Int] {
        guard let first = ledgerFirst[JoinedView.channelIndex(channel)][ref] else { return [] }
        var out = [Int(first)]
        var j = Int(first)
        while ledgerNext[j] >= 0 {
            j = Int(ledgerNext[j])
            out.append(j)
        }
        return out
    }

    /// Whether there is a ledger 个人缴费 row of this channel and reference.
    @inline(__always) public func hasLedgerRow(_ channel: Channel, _ ref: String) -> Bool {
        ledgerFirst[JoinedView.channelIndex(channel)][ref] != nil
    }

    /// The primary reversals of a payment.
    public func reversals(of paymentIndex: Int) -> [ViewReversal] {
        (reversalsOfPayment[Int32(paymentIndex)] ?? []).map { reversals[Int($0)] }
    }

    /// `file_name:line` of a record or row.
    public func source(_ fileID: Int64, _ line: Int) -> String {
        "\(files[fileID]?.name ?? "?"):\(line)"
    }

    /// The grace for ledger checks of something of coverage year `year`: its policy's, else the
    /// newest policy's, else 3 days.
    func ledgerPolicy(year: Int) -> Policy? {
        policies.policy(for: year) ?? policies.newest
    }
}
