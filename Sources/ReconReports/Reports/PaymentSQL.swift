import ReconCore

/// SQL shared by the reports that count payments the way RULES.md does.
enum PaymentSQL {
    /// Common table expressions `rev` (Σ primary reversals per original payment) and `eff` (effective
    /// payments — amount minus reversals > 0 — with a valid ID of the coverage year bound to `?1`):
    /// columns id_number, insurance, channel, ref, amount_fen, net_fen, paid_at.
    ///
    /// Reversals are few, so `rev` is small and the join is cheap; payments_v1 would compute the same
    /// sum with a correlated subquery per payment. `NOT INDEXED`: nearly every record is a primary
    /// payment, and reading them through the partial identity index fetches the rows in random order
    /// (1.3 s instead of 0.8 s at county scale).
    static let effective = """
        rev AS (
            SELECT channel, original_ref, SUM(amount_fen) AS fen FROM records
            WHERE kind = 'reversal' AND is_primary = 1 AND original_ref IS NOT NULL
            GROUP BY channel, original_ref),
        eff AS (
            SELECT p.id_number, p.insurance, p.channel, p.ref, p.amount_fen,
                   p.amount_fen - COALESCE(rev.fen, 0) AS net_fen, p.paid_at
            FROM records p NOT INDEXED LEFT JOIN rev ON rev.channel = p.channel AND rev.original_ref = p.ref
            WHERE p.kind = 'payment' AND p.is_primary = 1 AND p.id_valid = 1 AND p.year = ?1
              AND p.amount_fen - COALESCE(rev.fen, 0) > 0)
        """

    /// `'wechat', 'alipay', …`: the channels that have statement files.
    static let statementChannels = Channel.allCases.filter { !$0.isLedgerOnly }.map { "'\($0.rawValue)'" }
        .joined(separator: ", ")
}
