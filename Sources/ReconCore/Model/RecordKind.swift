/// What a statement row is (RULES.md "Terms").
public enum RecordKind: String, Sendable, Codable, Hashable {
    /// Money in: wechat SUCCESS, alipay 交易, unionpay 01, ccb_pos 消费, bank 处理结果 0, ledger 个人缴费/政府代缴.
    case payment
    /// Money back: a refund or void of an earlier payment of the same channel.
    case reversal
    /// A bank debit that failed: no money, counted only in the file's rows.
    case failed
}
