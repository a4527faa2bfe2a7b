/// A reversal of the joined view: the primary record of one reversal identity (channel, reversal_ref).
public struct ViewReversal: Sendable {
    var recordID: Int64
    var channel: Channel
    var ref: String
    /// The original payment's txn_ref, when known.
    var originalRef: String?
    /// Index of the original payment in `JoinedView.payments`, -1 when it is unknown.
    var originalIndex: Int32 = -1
    var idBody: UInt64
    var rawID: String?
    var insurance: Insurance
    var year: Int
    /// Positive: what the reversal takes back.
    var amountFen: Int64
    /// Its time (a ledger-only 退费 is dated by its 缴款时间).
    var paidAt: LocalDateTime
    var fileID: Int64
    var line: Int

    var idValid: Bool { rawID == nil }
    var idText: String { rawID ?? IDNumber(body: idBody).text }
}
