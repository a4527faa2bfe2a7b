/// A ledger 个人缴费 row of a statement channel: the book side the statements are reconciled with.
///
/// Plain values only; its 电子税票号码 and 渠道流水号 are read through `JoinedView.ticket(_:)` and
/// `JoinedView.ledgerRef(_:)`.
public struct LedgerEntry: Sendable {
    /// 电子税票号码, in the view's ticket buffer.
    var ticketText: TextRef
    /// 乡镇代码 of the ledger row, in the view's ticket buffer.
    var townText: TextRef
    /// The entry of its (channel, 渠道流水号) in the view's ledger reference map.
    var refEntry: Int32
    public var idBody: UInt64
    public var idValid: Bool
    public var insurance: Insurance
    public var year: Int
    public var amountFen: Int64
    public var channel: Channel
    /// 缴款时间.
    public var paidAt: LocalDateTime
    public var fileID: Int64
    public var line: Int
}
