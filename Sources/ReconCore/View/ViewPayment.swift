/// A payment of the joined view: the primary record of one payment identity (channel, txn_ref),
/// with the amount its primary reversals take back and what the view resolved for it.
///
/// Plain values only (no references), so the rules' loops over a million payments copy nothing
/// that needs counting; its texts are the rules' (`RuleTexts`), read through their input:
/// `RuleInput.ref(_:)`, `idText(_:)`, `payerKey(_:)`, `paymentTexts`.
public struct ViewPayment: Sendable {
    // Stored widest first, counters as Int32, to keep a payment at 80 bytes (a county's view holds
    // 430k of them, a city's 4M; ViewMemoryTests hold the budget). The Int accessors keep the API.
    /// `records.id` of the primary sighting.
    public var recordID: Int64
    /// Packed body of the normalised ID; 0 when the ID is invalid.
    public var idBody: UInt64
    public var amountFen: Int64
    /// Σ of the amounts of its primary reversals.
    var reversedFen: Int64 = 0
    public var paidAt: LocalDateTime
    private var storedYear: Int32
    private var storedFileID: Int32
    private var storedLine: Int32
    private var storedPolicyIndex: Int32 = -1
    /// Index of the enrollment row for (ID, insurance) in `JoinedView.roster`, -1 when there is none.
    var rosterIndex: Int32 = -1
    /// First ledger 个人缴费 row of the same channel and 渠道流水号 (statement channels), -1 when none.
    var ledgerIndex: Int32 = -1
    /// The person-year group (`JoinedView.groupKeys`) of a judged payment, -1 otherwise.
    public var group: Int32 = -1
    /// The payer account (channel, payer key) of the payment, an entry of the rules' payer map; -1 when none.
    public var payer: Int32 = -1
    public var channel: Channel
    public var idValid: Bool
    public var insurance: Insurance

    init(recordID: Int64, channel: Channel, idBody: UInt64, idValid: Bool, insurance: Insurance, year: Int,
         amountFen: Int64, paidAt: LocalDateTime, fileID: Int64, line: Int) {
        self.recordID = recordID; self.channel = channel; self.idBody = idBody; self.idValid = idValid
        self.insurance = insurance; self.amountFen = amountFen; self.paidAt = paidAt
        storedYear = Int32(truncatingIfNeeded: year)
        storedFileID = Int32(truncatingIfNeeded: fileID)
        storedLine = Int32(truncatingIfNeeded: line)
    }

    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(truncatingIfNeeded: newValue) }
    }
    /// `files.id` of the primary sighting.
    public var fileID: Int64 { Int64(storedFileID) }
    public var line: Int { Int(storedLine) }
    /// Index of the payment's coverage-year policy in `JoinedView.policyList`, -1 when there is none.
    public var policyIndex: Int {
        get { Int(storedPolicyIndex) }
        set { storedPolicyIndex = Int32(truncatingIfNeeded: newValue) }
    }

    /// Back to how a loader made it: what `JoinedView.resolve` sets, unset.
    mutating func unresolve() {
        reversedFen = 0
        storedPolicyIndex = -1
        rosterIndex = -1
        ledgerIndex = -1
        group = -1
    }

    /// Amount minus reversals > 0 (RULES.md "Effective payment").
    var isEffective: Bool { amountFen - reversedFen > 0 }
    /// Channel `gov`; every other payment is personal.
    var isGovernment: Bool { channel == .gov }
    public var hasPolicy: Bool { policyIndex >= 0 }
    var isEnrolled: Bool { rosterIndex >= 0 }
    public var hasLedgerRow: Bool { ledgerIndex >= 0 }
    /// Effective, with a valid ID and a policy: a payment every rule may judge (RULES.md "Precise
    /// points": invalid IDs and NO_POLICY payments get only the rules that need no ID facts or policy).
    var isJudged: Bool { isEffective && idValid && policyIndex >= 0 }
}
