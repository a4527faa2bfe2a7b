/// A payment of the joined view: the primary record of one payment identity (channel, txn_ref),
/// with the amount its primary reversals take back and what the view resolved for it.
public struct ViewPayment: Sendable {
    /// `records.id` of the primary sighting.
    public var recordID: Int64
    public var channel: Channel
    public var ref: String
    /// Packed body of the normalised ID; 0 when the ID is invalid.
    public var idBody: UInt64
    /// The stored raw text when the ID is invalid; nil when valid.
    public var rawID: String?
    public var insurance: Insurance
    public var year: Int
    public var amountFen: Int64
    /// Σ of the amounts of its primary reversals.
    public var reversedFen: Int64 = 0
    public var paidAt: LocalDateTime
    public var payerKey: String?
    /// The full name the row carries (bank 姓名, ledger 姓名), if any.
    public var name: String?
    public var fileID: Int64
    public var line: Int
    /// Index of the payment's coverage-year policy in `JoinedView.policyList`, -1 when there is none.
    public var policyIndex: Int = -1
    /// Index of the enrollment row for (ID, insurance) in `JoinedView.roster`, -1 when there is none.
    public var rosterIndex: Int32 = -1

    /// Amount minus reversals > 0 (RULES.md "Effective payment").
    public var isEffective: Bool { amountFen - reversedFen > 0 }
    public var idValid: Bool { rawID == nil }
    /// The normalised 18-character ID, or the raw text when invalid.
    public var idText: String { rawID ?? IDNumber(body: idBody).text }
    /// Channel `gov`; every other payment is personal.
    public var isGovernment: Bool { channel == .gov }
    public var hasPolicy: Bool { policyIndex >= 0 }
    public var isEnrolled: Bool { rosterIndex >= 0 }
    /// Effective, with a valid ID and a policy: a payment every rule may judge (RULES.md "Precise
    /// points": invalid IDs and NO_POLICY payments get only the rules that need no ID facts or policy).
    public var isJudged: Bool { isEffective && rawID == nil && policyIndex >= 0 }
}
