import Dispatch
import Foundation
import SQLiteStore

/// The store's data as the rules and the report summaries look at it, loaded into memory once per
/// run and joined with hash maps on integer keys: packed ID bodies (`IDNumber.body`) and (body,
/// insurance) pairs (`IDMap`), and per channel the stored references, kept as bytes (`RefMap`).
///
/// The texts only the rules read (references, payer keys, names, raw IDs, tickets, the repeated
/// sightings) are not here: they load beside the view into `RuleTexts`, which only the rules' input
/// (`RuleInput`) holds, so what runs after the rules cannot read them.
///
/// Built with one SELECT per table. Rows with an invalid ID take part only where RULES.md lets them
/// (their raw texts are the rules', in `RuleTexts`); reference rows with an invalid ID match nothing.
///
/// `@unchecked Sendable`: it is filled once, by loaders that touch disjoint properties (see `load`),
/// and only read after that.
public final class JoinedView: @unchecked Sendable {
    /// The policies the payments are judged by, and as a list (`ViewPayment.policyIndex` points here).
    public let policies: PolicySet
    let policyList: [Policy]
    /// The date gated rules wait for (nil: nothing ingested yet; gated rules open nothing).
    public let asOf: LocalDate?

    /// Primary payment records, in `records.id` order.
    public internal(set) var payments: [ViewPayment] = []
    /// The person-year (ID, insurance, coverage year) of each group of judged payments (`ViewPayment.group`).
    var groupKeys: [PersonYear] = []
    /// ID facts of each payment under its year's policy (`IDFacts.none` for invalid IDs and NO_POLICY).
    var facts: [IDFacts] = []
    /// Primary reversal records.
    public internal(set) var reversals: [ViewReversal] = []
    /// The agents of the primary statement records that name one.
    var recordAgents = RecordAgents()
    /// Per channel: reversal_ref → reversal index.
    var reversalByRef: [[String: Int32]]
    /// payment index → its primary reversals (indexes into `reversals`).
    var reversalsOfPayment: [Int32: [Int32]] = [:]
    /// The current roster's rows with a valid ID.
    public internal(set) var roster: [RosterEntry] = []
    /// (body, insurance) → roster row; the first row of the snapshot wins.
    var rosterByKey = IDMap()
    /// body → first roster row of the ID (any insurance).
    var rosterByID = IDMap()
    /// body → the death notice that stands.
    public internal(set) var deaths: [UInt64: DeathEntry] = [:]
    var assistance: [UInt64: [AssistanceEntry]] = [:]
    var employees: [UInt64: [EmployeeEntry]] = [:]
    /// Ledger 个人缴费 rows of the statement channels.
    public internal(set) var ledger: [LedgerEntry] = []
    /// Ledger 退费 rows of the statement channels (read in the same scan, for the balance).
    var ledgerRefunds: [LedgerRefund] = []
    /// Whether a ledger row's 渠道流水号 names a payment (any, effective or not) of its channel.
    var ledgerMatched: [Bool] = []
    /// Per ledger row: the next ledger row of the same channel and 渠道流水号 (-1: none); the first of
    /// each is `ViewPayment.ledgerIndex` of the payments that name it.
    var ledgerNext: [Int32] = []
    /// Every disbursement line of every file.
    public internal(set) var claims: [ClaimEntry] = []
    /// files.id → (name, file date).
    var files: [Int64: (name: String, date: String)] = [:]

    /// The database's state when the view was loaded, and where its snapshot lives (nil: in memory).
    var stamp: ViewStamp?
    var snapshotPath: String?
    /// What became of the snapshot: used (and what was added to it) or why not.
    var snapshotOutcome = "none"
    /// Whether the view came from a snapshot, and whether that is of the database as it is (nothing
    /// to write).
    var snapshotUsed = false
    var snapshotCurrent = false
    /// The payments and ledger rows the snapshot held, and whether the roster was read from the table.
    var snapshotRows = (payments: 0, ledger: 0)
    var rosterReloaded = true
    /// Whether the view was taken over from a process's kept view (`WarmView`).
    var fromKeptView = false

    /// Seconds each loading stage (and each rule, when run by `Reconciler`) took, in order.
    public internal(set) var timings: [(stage: String, seconds: Double)] = []

    func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { timings.append((stage, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
        return try body()
    }

    init(policies: PolicySet, asOf: LocalDate?) {
        self.policies = policies
        self.policyList = policies.policies
        self.asOf = asOf
        reversalByRef = Array(repeating: [:], count: Channel.allCases.count)
    }

    /// Loads the view alone (the rules' texts it is joined by are let go once it is resolved). `asOf`
    /// nil means the store's newest statement or ledger file date. The rules load with
    /// `RuleInput.load`.
    public static func load(store: Store, policies: PolicySet = .builtin, asOf: LocalDate? = nil) throws -> JoinedView {
        try load(store: store, policies: policies, asOf: asOf, texts: RuleTexts())
    }

    /// Loads the view, and into `texts` what only the rules read.
    ///
    /// The three large tables (records, roster, ledger) fill disjoint parts of the view and the texts,
    /// so on a database file they load side by side, each over its own read connection.
    static func load(store: Store, policies: PolicySet, asOf: LocalDate?, texts: RuleTexts,
                     warm: WarmView? = nil) throws -> JoinedView {
        let db = store.db
        let newest = try asOf ?? store.newestStatementDate()
        var v = JoinedView(policies: policies, asOf: newest)
        let now = try ViewStamp.read(store)
        v.stamp = now
        v.snapshotPath = ViewSnapshot.path(forDatabase: store.path)
        // From a kept view or a snapshot the view takes only the rows stored after it; without one,
        // every row up to the stamp (rows a writer adds meanwhile wait for the next run, as they would
        // in a snapshot).
        let restored = takeOver(&v, texts, warm: warm, now: now)
        let since = (record: restored?.stamp.maxRecordID ?? 0, file: restored?.stamp.maxFileID ?? 0)
        let roster = !(restored?.roster ?? false)
        var resolved = restored?.resolved
        let records = (after: since.record, through: now.maxRecordID), files = (after: since.file, through: now.maxFileID)
        let view = v
        var stages: [[(String, @Sendable (JoinedView, Connection) throws -> Void)]] = [
            [("files", { try $0.loadFiles($1) }), ("records", { try $0.loadRecords($1, texts, ids: records) })],
            [("deaths", { try $0.loadDeaths($1) }), ("assistance", { try $0.loadAssistance($1) }),
             ("employee", { try $0.loadEmployees($1) }), ("disbursement", { try $0.loadClaims($1) })],
            [("ledger", { try $0.loadLedger($1, texts, files: files) })],
        ]
        if roster { stages[1].insert(("roster", { try $0.loadRoster($1) }), at: 0) }
        do {
            try load(view, stages, db, path: store.connectedPath)
        } catch let ViewError.amountAboveCap(table, fileID, line, fen) {
            let name = try db.prepare("SELECT name FROM files WHERE id = ?", persistent: false)
                .query([.int(Int64(fileID) ?? 0)]).first?.first
            var file = "file #\(fileID)"
            if case .text(let n)? = name { file = n }
            throw ViewError.amountAboveCap(table: table, file: file, line: line, amountFen: fen)
        }
        if var r = resolved { resolved = r.check(against: view) ? r : nil }
        // The loaders' scratch (cursors, growing arrays in three malloc arenas) goes back first:
        // resolving allocates its own on top of the loaded view (a first run's peak of memory).
        view.timed("trim after loading") { MemoryTrim.now() }
        view.timed(resolved == nil ? "resolve" : "resolve (the rows added)") { view.resolve(texts, keeping: resolved) }
        // The loaders ran on three threads, so in three malloc arenas, and resolving let go of its
        // scratch maps: hand the free pages back before the rules allocate on this one.
        view.timed("trim") { MemoryTrim.now() }
        return view
    }

    /// Runs the loading stages: on a database file the groups side by side, each over its own read
    /// connection; in memory or inside a transaction one after the other on `db`.
    private static func load(_ v: JoinedView, _ stages: [[(String, @Sendable (JoinedView, Connection) throws -> Void)]],
                             _ db: Connection, path: String) throws {
        let onFile = !(path.isEmpty || path == ":memory:" || path.hasPrefix("file:"))
        if onFile && !db.inTransaction {
            let outcomes = Slots<Result<[(String, Double)], Error>>(count: stages.count)
            DispatchQueue.concurrentPerform(iterations: stages.count) { g in
                outcomes.put(g, Result {
                    let reader = try Connection(path: path, readOnly: true)
                    return try stages[g].map { stage in
                        let start = DispatchTime.now().uptimeNanoseconds
                        try stage.1(v, reader)
                        return (stage.0, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                    }
                })
            }
            for outcome in outcomes.drain() { v.timings += try outcome!.get().map { (stage: $0.0, seconds: $0.1) } }
        } else {
            for group in stages { for stage in group { try v.timed(stage.0) { try stage.1(v, db) } } }
        }
    }

    // MARK: Keys

    /// (body, insurance) packed into one integer (bodies are below 10^17 < 2^57).
    @inline(__always) static func key(_ body: UInt64, _ insurance: Insurance) -> UInt64 {
        body << 1 | (insurance == .medical ? 1 : 0)
    }

    /// The channels by index (`channelIndex`, `RowCursor.channel(_:)`).
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

    func count(_ db: Connection, _ sql: String) throws -> Int {
        Int(try db.scalarInt(sql) ?? 0)
    }

    func loadFiles(_ db: Connection) throws {
        let c = try RowCursor(db, "SELECT id, name, file_date FROM files")
        while try c.step() { files[c.int(0)] = (c.text(1), c.text(2)) }
    }

    /// The records: payments, reversals and agents into the view; the payments' texts and the
    /// sightings into `texts`.
    func loadRecords(_ db: Connection, _ texts: RuleTexts, ids: (after: Int64, through: Int64)) throws {
        let range = "id > \(ids.after) AND id <= \(ids.through)"
        let n = try count(db, "SELECT count(*) FROM records WHERE is_primary = 1 AND kind = 'payment' AND \(range)")
        payments.reserveCapacity(payments.count + n)
        // A snapshot's parts are taken over (swapped out, so appending does not copy them).
        var paymentTexts = PaymentTexts(), sightings: [ViewSighting] = []
        var paymentRefs = RefMap(capacity: n), payers = RefMap(capacity: n / 2)
        if texts.paymentRefs.count > 0 {
            swap(&paymentTexts, &texts.paymentTexts)
            swap(&sightings, &texts.sightings)
            swap(&paymentRefs, &texts.paymentRefs)
            swap(&payers, &texts.payers)
        }
        paymentTexts.reserveCapacity(paymentTexts.count + n)
        let c = try RowCursor(db, """
            SELECT id, channel, kind = 'reversal', ref, original_ref, id_number, id_valid,
                   insurance = 'medical', year, amount_fen, paid_at, payer_key, name, file_id, line_no, is_primary, agent
            FROM records WHERE \(range) ORDER BY id
            """)
        while try c.step() {
            let ch = c.channel(1)
            guard ch >= 0 else { continue }
            let channel = JoinedView.channels[ch]
            let amountFen = try c.amount(9, table: "records", fileColumn: 13, lineColumn: 14)
            let isReversal = c.int(2) != 0
            let valid = c.int(6) != 0
            let body = c.idBody(5, valid: valid)
            let insurance: Insurance = c.int(7) != 0 ? .medical : .pension
            let paidAt = c.dateTime(10) ?? LocalDateTime(seconds: 0)
            let primary = c.int(15) != 0
            if primary && !channel.isLedgerOnly {
                let agent = c.bytes(16)
                if !agent.isEmpty { recordAgents.add(recordID: c.int(0), agent: agent) }
            }
            if !primary {
                sightings.append(ViewSighting(
                    recordID: c.int(0), channel: channel, isReversal: isReversal, ref: c.text(3), amountFen: amountFen,
                    idText: c.text(5), idValid: body != nil, insurance: insurance, paidAt: paidAt, fileID: c.int(13),
                    line: Int(c.int(14))))
            } else if isReversal {
                let ref = c.text(3)
                reversalByRef[ch][ref] = Int32(reversals.count)
                reversals.append(ViewReversal(
                    recordID: c.int(0), channel: channel, ref: ref, originalRef: c.optionalText(4), idBody: body ?? 0,
                    rawID: body == nil ? c.text(5) : nil, insurance: insurance, year: Int(c.int(8)), amountFen: amountFen,
                    paidAt: paidAt, fileID: c.int(13), line: Int(c.int(14))))
            } else {
                // Primary payment identities are unique (records_identity): entry k is payment k.
                guard paymentRefs.insert(UInt8(ch), c.bytes(3), value: Int32(payments.count)).inserted else { continue }
                var p = ViewPayment(
                    recordID: c.int(0), channel: channel, idBody: body ?? 0, idValid: body != nil, insurance: insurance,
                    year: Int(c.int(8)), amountFen: amountFen, paidAt: paidAt, fileID: c.int(13), line: Int(c.int(14)))
                let payer = c.bytes(11)
                if !payer.isEmpty {
                    p.payer = Int32(payers.insert(UInt8(ch), payer, value: Int32(payments.count)).entry)
                }
                payments.append(p)
                paymentTexts.append(PaymentText(rawID: body == nil ? c.text(5) : nil, name: c.optionalText(12)))
            }
        }
        texts.paymentRefs = paymentRefs
        texts.payers = payers
        texts.paymentTexts = paymentTexts
        texts.sightings = sightings
    }

    func loadRoster(_ db: Connection) throws {
        let n = try count(db, "SELECT count(*) FROM enrollment")
        roster.reserveCapacity(n)
        rosterByKey = IDMap(capacity: n)
        rosterByID = IDMap(capacity: n)
        let c = try RowCursor(db, """
            SELECT id_number, id_valid, name, household, town_code, village_code, village_name, insurance = 'medical',
                   CASE status WHEN '正常' THEN 0 WHEN '暂停' THEN 1 ELSE 2 END, student, line_no
            FROM enrollment
            """)
        var household = "", town = "", village = "", villageName = ""
        while try c.step() {
            guard let body = c.idBody(0, valid: c.int(1) != 0) else { continue }
            let insurance: Insurance = c.int(7) != 0 ? .medical : .pension
            let status: EnrollmentRow.Status = c.int(8) == 0 ? .normal : c.int(8) == 1 ? .suspended : .terminated
            let i = Int32(roster.count)
            roster.append(RosterEntry(
                idBody: body, insurance: insurance, name: c.text(2), household: c.text(3, reusing: &household),
                townCode: c.text(4, reusing: &town), villageCode: c.text(5, reusing: &village),
                villageName: c.text(6, reusing: &villageName), status: status, student: c.int(9) != 0,
                line: Int(c.int(10))))
            rosterByKey.insertIfAbsent(JoinedView.key(body, insurance), i)
            rosterByID.insertIfAbsent(body, i)
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

    /// The ledger's 个人缴费 and 退费 rows of the statement channels into the view; their references,
    /// tickets, towns and invalid IDs into `texts`.
    func loadLedger(_ db: Connection, _ texts: RuleTexts, files: (after: Int64, through: Int64)) throws {
        let ledgerOnly = Channel.allCases.filter(\.isLedgerOnly).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        // After a snapshot the few new files' rows come through `ledger_file`; a whole load scans the
        // table in key order (the unary + keeps SQLite from walking the whole index instead).
        let range = files.after > 0 ? "file_id > \(files.after) AND file_id <= \(files.through)" : "+file_id <= \(files.through)"
        let filter = "channel NOT IN (\(ledgerOnly)) AND \(range)"
        let n = try count(db, "SELECT count(*) FROM ledger WHERE pay_type = 'personal' AND \(filter)")
        ledger.reserveCapacity(ledger.count + n)
        ledgerNext.reserveCapacity(ledger.count + n)
        var ledgerRefs = RefMap(capacity: n), tickets = TextArena(), ledgerRawIDs: [Int32: String] = [:]
        if texts.ledgerRefs.count > 0 {
            swap(&ledgerRefs, &texts.ledgerRefs)
            swap(&tickets, &texts.tickets)
            swap(&ledgerRawIDs, &texts.ledgerRawIDs)
        }
        // Per reference entry: the last ledger row of its chain.
        var last = [Int32](repeating: -1, count: ledgerRefs.count)
        last.reserveCapacity(ledgerRefs.count + n)
        for (i, l) in ledger.enumerated() { last[Int(l.refEntry)] = Int32(i) }
        let c = try RowCursor(db, """
            SELECT ticket, id_number, id_valid, insurance = 'medical', year, amount_fen, channel,
                   channel_ref, paid_at, file_id, line_no, town_code, pay_type = 'refund'
            FROM ledger WHERE pay_type IN ('personal', 'refund') AND \(filter)
            """)
        while try c.step() {
            let ch = c.channel(6)
            guard ch >= 0 else { continue }
            let amountFen = try c.amount(5, table: "ledger", fileColumn: 9, lineColumn: 10)
            if c.int(12) != 0 {
                ledgerRefunds.append(LedgerRefund(channel: JoinedView.channels[ch], channelRef: c.text(7),
                                                  paidAt: c.dateTime(8) ?? LocalDateTime(seconds: 0), amountFen: amountFen))
                continue
            }
            let body = c.idBody(1, valid: c.int(2) != 0)
            let i = Int32(ledger.count)
            let (entry, inserted) = ledgerRefs.insert(UInt8(ch), c.bytes(7), value: i)
            ledger.append(LedgerEntry(
                ticketText: tickets.append(c.bytes(0)), townText: tickets.append(c.bytes(11)), refEntry: Int32(entry), idBody: body ?? 0, idValid: body != nil,
                insurance: c.int(3) != 0 ? .medical : .pension, year: Int(c.int(4)), amountFen: amountFen,
                channel: JoinedView.channels[ch], paidAt: c.dateTime(8) ?? LocalDateTime(seconds: 0),
                fileID: c.int(9), line: Int(c.int(10))))
            if body == nil { ledgerRawIDs[i] = c.text(1) }
            ledgerNext.append(-1)
            if inserted {
                last.append(i)
            } else {
                ledgerNext[Int(last[entry])] = i
                last[entry] = i
            }
        }
        texts.ledgerRefs = ledgerRefs
        texts.tickets = tickets
        texts.ledgerRawIDs = ledgerRawIDs
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

    /// Joins reversals to their payments, payments to their ledger rows (through the references in
    /// `texts`), policy and roster row; works out each payment's ID facts and its person-year group.
    /// With `keeping` (a kept view whose inputs still hold), the payments it had keep their ledger
    /// row, policy, roster row and facts (worked out again for the IDs whose assistance or employee
    /// rows changed): only the payments added are matched, and the ledger rows added are joined to
    /// the payments they name; reversals, effective amounts and groups are worked out whole (cheap:
    /// no hash probes per payment).
    func resolve(_ texts: RuleTexts, keeping: ResolvedPart? = nil) {
        let old = keeping?.payments ?? 0
        for i in payments.indices {
            if i < old {
                payments[i].reversedFen = 0
                payments[i].group = -1
            } else {
                payments[i].unresolve()
            }
        }
        for r in reversals.indices {
            reversals[r].originalIndex = -1
            guard let orig = reversals[r].originalRef, let p = texts.paymentIndex(reversals[r].channel, orig) else { continue }
            reversals[r].originalIndex = Int32(p)
            reversalsOfPayment[Int32(p), default: []].append(Int32(r))
            payments[p].reversedFen += reversals[r].amountFen
        }
        var yearIndex: [Int: Int] = [:]
        for (i, p) in policyList.enumerated() { yearIndex[p.year] = i }
        ledgerMatched = Array(repeating: false, count: ledger.count)
        facts = (keeping?.facts ?? []) + Array(repeating: .none, count: payments.count - old)
        matchPayments(old..<payments.count, yearIndex: yearIndex, paymentRefs: texts.paymentRefs, ledgerRefs: texts.ledgerRefs)
        if let keeping {
            joinAddedLedgerRows(from: keeping.ledger, below: old, texts)
            if !keeping.changedIDs.isEmpty {
                for i in 0..<old where payments[i].idValid && payments[i].policyIndex >= 0
                    && keeping.changedIDs.contains(payments[i].idBody) {
                    facts[i] = idFacts(payments[i].idBody, policyList[payments[i].policyIndex])
                }
            }
        }
        var groupOfRosterRow = [[Int32]](repeating: [], count: policyList.count)
        var unenrolledGroups: [PersonYear: Int32] = [:]
        for i in payments.indices {
            let p = payments[i]
            var j = Int(p.ledgerIndex)
            while j >= 0 {
                ledgerMatched[j] = true
                j = Int(ledgerNext[j])
            }
            guard p.policyIndex >= 0, p.idValid, p.isEffective else { continue }
            let policy = p.policyIndex, r = p.rosterIndex
            let next = Int32(groupKeys.count)
            let g: Int32
            if r >= 0 {
                if groupOfRosterRow[policy].isEmpty {
                    groupOfRosterRow[policy] = Array(repeating: -1, count: roster.count)
                }
                g = groupOfRosterRow[policy][Int(r)] >= 0 ? groupOfRosterRow[policy][Int(r)] : next
                groupOfRosterRow[policy][Int(r)] = g
            } else {
                let k = PersonYear(body: p.idBody, insurance: p.insurance, year: p.year)
                g = unenrolledGroups[k] ?? next
                unenrolledGroups[k] = g
            }
            if g == next { groupKeys.append(PersonYear(body: p.idBody, insurance: p.insurance, year: p.year)) }
            payments[i].group = g
        }
    }

    /// Each payment's ledger row, policy, roster row and ID facts: lookups that touch only the
    /// payment's own row, so ranges of payments are matched side by side. (A city: 4.3M payments,
    /// each a few random probes into maps far larger than the CPU's caches: resolve's slowest part,
    /// so it uses every core.) The person-year groups are numbered afterwards, in payment order.
    private func matchPayments(_ range: Range<Int>, yearIndex: [Int: Int], paymentRefs: RefMap, ledgerRefs: RefMap) {
        let n = range.count, first = range.lowerBound
        let parts = n >= 100_000 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        let policies = policyList
        payments.withUnsafeMutableBufferPointer { pay in
            facts.withUnsafeMutableBufferPointer { fa in
                let rows = UncheckedRows(payments: pay, facts: fa)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var lastYear = Int.min, lastIndex = -1
                    for i in (first + n * part / parts)..<(first + n * (part + 1) / parts) {
                        let p = rows.payments[i]
                        if !p.channel.isLedgerOnly {
                            let ch = UInt8(JoinedView.channelIndex(p.channel))
                            let hit = paymentRefs.withBytes(i) { ledgerRefs.find(ch, $0, hash: paymentRefs.hash(ofEntry: i)) }
                            if let e = hit { rows.payments[i].ledgerIndex = ledgerRefs.values[e] }
                        }
                        if p.year != lastYear {
                            lastYear = p.year
                            lastIndex = yearIndex[p.year] ?? -1
                        }
                        guard lastIndex >= 0 else { continue }
                        rows.payments[i].policyIndex = lastIndex
                        guard p.idValid else { continue }
                        rows.payments[i].rosterIndex = rosterByKey[JoinedView.key(p.idBody, p.insurance)] ?? -1
                        rows.facts[i] = idFacts(p.idBody, policies[lastIndex])
                    }
                }
            }
        }
    }

    /// The ledger rows from `first` on that start a chain of their own (a channel and 渠道流水号 no
    /// earlier row had) become the ledger row of the payment they name, when that payment is one of
    /// the first `below` (the others were matched whole). Rows added to an older chain change no
    /// payment's first row.
    private func joinAddedLedgerRows(from first: Int, below: Int, _ texts: RuleTexts) {
        let refs = texts.ledgerRefs, paymentRefs = texts.paymentRefs
        for j in first..<ledger.count {
            let e = Int(ledger[j].refEntry)
            guard refs.values[e] == Int32(j), let p = refs.withBytes(e, {
                paymentRefs.find(refs.channels[e], $0, hash: refs.hash(ofEntry: e))
            }), p < below, !payments[p].channel.isLedgerOnly, payments[p].ledgerIndex < 0 else { continue }
            payments[p].ledgerIndex = Int32(j)
        }
    }

    // MARK: Questions

    /// The policy of a payment's coverage year.
    @inline(__always) public func policy(of p: ViewPayment) -> Policy? {
        p.policyIndex >= 0 ? policyList[p.policyIndex] : nil
    }

    /// The roster row for (ID, insurance).
    func rosterEntry(_ body: UInt64, _ insurance: Insurance) -> RosterEntry? {
        rosterByKey[JoinedView.key(body, insurance)].map { roster[Int($0)] }
    }

    /// Whether roster row `i` is the one that stands for its (ID, insurance) (the first of the snapshot).
    func isStandingRosterRow(_ i: Int) -> Bool {
        let r = roster[i]
        return rosterByKey[JoinedView.key(r.idBody, r.insurance)] == Int32(i)
    }

    /// Any roster row of the ID (the first of the snapshot).
    func anyRosterEntry(_ body: UInt64) -> RosterEntry? {
        rosterByID[body].map { roster[Int($0)] }
    }

    /// The payment's roster row for (ID, insurance).
    func rosterEntry(of p: ViewPayment) -> RosterEntry? {
        p.rosterIndex >= 0 ? roster[Int(p.rosterIndex)] : nil
    }

    /// The ID facts of a valid ID under a policy.
    func idFacts(_ body: UInt64, _ policy: Policy) -> IDFacts {
        var f = IDFacts.none
        f.age = IDNumber(body: body).age(on: policy.ageReferenceDay)
        if !assistance.isEmpty, let rows = assistance[body] {
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
        if !employees.isEmpty, let rows = employees[body] {
            for e in rows where e.isActive(inYear: policy.year) {
                if e.insurance == .pension { f.employeePension = true } else { f.employeeMedical = true }
            }
        }
        return f
    }

    /// The assistance rows of an ID valid in a year.
    func assistanceRows(_ body: UInt64, year: Int) -> [AssistanceEntry] {
        (assistance[body] ?? []).filter { $0.isValid(inYear: year) }
    }

    /// The employee rows of an ID active in a year.
    func employeeRows(_ body: UInt64, year: Int) -> [EmployeeEntry] {
        (employees[body] ?? []).filter { $0.isActive(inYear: year) }
    }

    /// The primary reversal of an identity.
    func reversalIndex(_ channel: Channel, _ ref: String) -> Int? {
        reversalByRef[JoinedView.channelIndex(channel)][ref].map(Int.init)
    }

    /// The ledger rows chained from a payment (same channel and 渠道流水号), in ledger order.
    public func ledgerRows(ofPayment i: Int) -> [Int] {
        var out: [Int] = []
        var j = Int(payments[i].ledgerIndex)
        while j >= 0 {
            out.append(j)
            j = Int(ledgerNext[j])
        }
        return out
    }

    /// The primary reversals of a payment.
    public func reversals(of paymentIndex: Int) -> [ViewReversal] {
        (reversalsOfPayment[Int32(paymentIndex)] ?? []).map { reversals[Int($0)] }
    }

    /// `file_name:line` of a record or row.
    public func source(_ fileID: Int64, _ line: Int) -> String {
        "\(files[fileID]?.name ?? "?"):\(line)"
    }

    /// The policy whose ledger grace applies to something of coverage year `year`: its own, else the newest.
    func ledgerPolicy(year: Int) -> Policy? {
        policies.policy(for: year) ?? policies.newest
    }
}
