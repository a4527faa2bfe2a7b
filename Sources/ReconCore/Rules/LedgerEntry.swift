/// A ledger 个人缴费 row of a statement channel: the book side the statements are reconciled with.
public struct LedgerEntry: Sendable {
    /// 电子税票号码.
    public var ticket: String
    public var idBody: UInt64
    public var rawID: String?
    public var insurance: Insurance
    public var year: Int
    public var amountFen: Int64
    public var channel: Channel
    /// 渠道流水号.
    public var channelRef: String
    /// 缴款时间.
    public var paidAt: LocalDateTime
    public var townCode: String
    public var fileID: Int64
    public var line: Int

    public var idValid: Bool { rawID == nil }
    public var idText: String { rawID ?? IDNumber(body: idBody).text }
}
