/// A payment of the joined view: the primary record of one payment identity (channel, txn_ref),
/// with the amount its primary reversals take back and what the view resolved for it.
///
/// Plain values only (no references), so the rules' loops over a million payments copy nothing
/// that needs counting; its texts are read through the view: `ref(_:)`, `idText(_:)`,
/// `payerKey(_:)`, `paymentTexts`.
public struct ViewPayment: Sendable {
    /// `records.id` of the primary sighting.
    public var recordID: Int64
    public var channel: Channel
    /// Packed body of the normalised ID; 0 when the ID is invalid.
    public var idBody: UInt64
    public var idValid: Bool
    public var insurance: Insurance
    public var year: Int
    public var amountFen: Int64
    /// Σ of the amounts of its primary reversals.
    public var reversedFen: Int64 = 0
    public var paidAt: LocalDateTime
    public var fileID: Int64
    public var line: Int
    /// Index of the payment's coverage-year policy in `JoinedView.policyList`, -1 when there is none.
    public var policyIndex: Int = -1
    /// Index of the enrollment row for (ID, insurance) in `JoinedView.roster`, -1 when there is none.
    public var rosterIndex: Int32 = -1
    /// First ledger 个人缴费 row of the same channel and 渠道流水号 (statement channels), -1 when none.
    public var ledgerIndex: Int32 = -1
    /// The person-year group (`JoinedView.groupKeys`) of a judged payment, -1 otherwise.
    public var group: Int32 = -1
    /// The payer account (channel, payer key) of the payment, an entry of the view's payer map; -1 when none.
    public var payer: Int32 = -1

    /// Amount minus reversals > 0 (RULES.md "Effective payment").
    public var isEffective: Bool { amountFen - reversedFen > 0 }
    /// Channel `gov`; every other payment is personal.
    public var isGovernment: Bool { channel == .gov }
    public var hasPolicy: Bool { policyIndex >= 0 }
    public var isEnrolled: Bool { rosterIndex >= 0 }
    public var hasLedgerRow: Bool { ledgerIndex >= 0 }
    /// Effective, with a valid ID and a policy: a payment every rule may judge (RULES.md "Precise
    /// points": invalid IDs and NO_POLICY payments get only the rules that need no ID facts or policy).
    public var isJudged: Bool { isEffective && idValid && policyIndex >= 0 }
}
