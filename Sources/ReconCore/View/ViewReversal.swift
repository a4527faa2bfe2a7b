/// A reversal of the joined view: the primary record of one reversal identity (channel, reversal_ref).
public struct ViewReversal: Sendable {
    public var recordID: Int64
    public var channel: Channel
    public var ref: String
    /// The original payment's txn_ref, when known.
    public var originalRef: String?
    /// Index of the original payment in `JoinedView.payments`, -1 when it is unknown.
    public var originalIndex: Int32 = -1
    public var idBody: UInt64
    public var rawID: String?
    public var insurance: Insurance
    public var year: Int
    /// Positive: what the reversal takes back.
    public var amountFen: Int64
    /// Its time (a ledger-only 退费 is dated by its 缴款时间).
    public var paidAt: LocalDateTime
    public var fileID: Int64
    public var line: Int

    public var idValid: Bool { rawID == nil }
    public var idText: String { rawID ?? IDNumber(body: idBody).text }
}
