/// The texts of a payment of the joined view that are not kept in the rules' reference maps (kept
/// apart from `ViewPayment` so that its loops copy plain values only). Both are nil for most rows.
public struct PaymentText: Sendable {
    /// The stored raw text when the ID is invalid; nil when valid.
    public var rawID: String?
    /// The full name the row carries (bank 姓名, ledger 姓名), if any.
    public var name: String?
}
