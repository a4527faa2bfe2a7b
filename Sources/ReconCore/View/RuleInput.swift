/// What the rules read: the joined view and the texts only they need (`RuleTexts`).
///
/// The view's properties read through it as the view's own (`input.payments`); its questions are
/// asked of it as of the view; the texts' accessors (`ref(_:)`, `idText(_:)`, `ticket(_:)`, …) and the
/// findings' evidence (`RuleInput+Evidence`) are here only. The texts live as long as a rule input
/// does: `Reconciler.findings(asOf:)` lets its input go before it returns, and what comes after the
/// rules (the report summaries) has only the view, which cannot read them.
@dynamicMemberLookup
public struct RuleInput: Sendable {
    public let view: JoinedView
    let texts: RuleTexts

    init(view: JoinedView, texts: RuleTexts) {
        self.view = view
        self.texts = texts
    }

    /// Loads the view and the rules' texts. `asOf` nil means the store's newest statement or ledger
    /// file date.
    public static func load(store: Store, policies: PolicySet = .builtin, asOf: LocalDate? = nil) throws -> RuleInput {
        try load(store: store, policies: policies, asOf: asOf, warm: nil)
    }

    /// The same, taking over the view `warm` kept when it serves.
    static func load(store: Store, policies: PolicySet, asOf: LocalDate?, warm: WarmView?) throws -> RuleInput {
        let texts = RuleTexts()
        return RuleInput(view: try JoinedView.load(store: store, policies: policies, asOf: asOf, texts: texts, warm: warm),
                         texts: texts)
    }

    /// A property of the view.
    @inline(__always) public subscript<T>(dynamicMember path: KeyPath<JoinedView, T>) -> T {
        view[keyPath: path]
    }

    // MARK: Texts

    /// The payments' raw IDs and names, at the payment's index.
    public var paymentTexts: PaymentTexts { texts.paymentTexts }

    /// Non-primary records: repeated sightings of an identity.
    public var sightings: [ViewSighting] { texts.sightings }

    /// The primary payment of an identity, any (effective or not).
    public func paymentIndex(_ channel: Channel, _ ref: String) -> Int? { texts.paymentIndex(channel, ref) }

    /// The normalised 18-character ID of a payment, or its raw text when invalid.
    public func idText(_ i: Int) -> String {
        texts.paymentTexts[i].rawID ?? IDNumber(body: view.payments[i].idBody).text
    }

    /// A payment's txn_ref.
    public func ref(_ i: Int) -> String { texts.paymentRefs.string(i) }

    /// A payment's payer key, if any.
    public func payerKey(_ i: Int) -> String? {
        let e = view.payments[i].payer
        return e >= 0 ? texts.payers.string(Int(e)) : nil
    }

    /// The payer key of a payer account (`ViewPayment.payer`).
    public func payerKey(account e: Int32) -> String { texts.payers.string(Int(e)) }

    /// The number of payer accounts (`ViewPayment.payer` is below it).
    public var payerCount: Int { texts.payers.count }

    /// A ledger row's 电子税票号码.
    public func ticket(_ j: Int) -> String { texts.tickets.string(view.ledger[j].ticketText) }

    /// A ledger row's 乡镇代码.
    public func ledgerTown(_ j: Int) -> String { texts.tickets.string(view.ledger[j].townText) }

    /// A ledger row's 渠道流水号.
    public func ledgerRef(_ j: Int) -> String { texts.ledgerRefs.string(Int(view.ledger[j].refEntry)) }

    /// A ledger row's normalised ID, or its raw text when invalid.
    public func ledgerIDText(_ j: Int) -> String {
        texts.ledgerRawIDs[Int32(j)] ?? IDNumber(body: view.ledger[j].idBody).text
    }

    /// The raw ID text of a ledger row with an invalid ID.
    func ledgerRawID(_ j: Int) -> String? { texts.ledgerRawIDs[Int32(j)] }

    // MARK: The view's questions, asked of the input as of the view

    @inline(__always) public func policy(of p: ViewPayment) -> Policy? { view.policy(of: p) }
    func rosterEntry(_ body: UInt64, _ insurance: Insurance) -> RosterEntry? { view.rosterEntry(body, insurance) }
    func anyRosterEntry(_ body: UInt64) -> RosterEntry? { view.anyRosterEntry(body) }
    func rosterEntry(of p: ViewPayment) -> RosterEntry? { view.rosterEntry(of: p) }
    func idFacts(_ body: UInt64, _ policy: Policy) -> IDFacts { view.idFacts(body, policy) }
    func assistanceRows(_ body: UInt64, year: Int) -> [AssistanceEntry] { view.assistanceRows(body, year: year) }
    func employeeRows(_ body: UInt64, year: Int) -> [EmployeeEntry] { view.employeeRows(body, year: year) }
    func reversalIndex(_ channel: Channel, _ ref: String) -> Int? { view.reversalIndex(channel, ref) }
    /// The ledger rows of a payment's channel and 渠道流水号, by 电子税票号码 (the ledger's key order):
    /// the same whether the view read the ledger whole or took the newest rows after a snapshot.
    public func ledgerRows(ofPayment i: Int) -> [Int] {
        let rows = view.ledgerRows(ofPayment: i)
        guard rows.count > 1 else { return rows }
        let t = texts.tickets.bytes, ledger = view.ledger
        func ticket(_ j: Int) -> ArraySlice<UInt8> {
            let r = ledger[j].ticketText
            return t[Int(r.offset)..<Int(r.offset + r.length)]
        }
        return rows.sorted { ticket($0).lexicographicallyPrecedes(ticket($1)) }
    }
    public func source(_ fileID: Int64, _ line: Int) -> String { view.source(fileID, line) }
    func ledgerPolicy(year: Int) -> Policy? { view.ledgerPolicy(year: year) }
}
