/// A ledger 退费 row of a statement channel (amount negative, as booked), for the balance: the
/// rules read only the 个人缴费 rows (`LedgerEntry`).
struct LedgerRefund {
    var channel: Channel
    var channelRef: String
    var paidAt: LocalDateTime
    var amountFen: Int64
}
