import ReconCore

/// SQL shared by the reports that count payments the way RULES.md does.
enum PaymentSQL {
    /// Common table expressions `rev` (Σ primary reversals per original payment) and `eff` (effective
    /// payments — amount minus reversals > 0 — with a valid ID of the coverage year bound to `?1`):
    /// columns id_number, insurance, channel, ref, amount_fen, net_fen, paid_at.
    ///
    /// Reversals are few, so `rev` is small and the join is cheap; payments_v1 would compute the same
    /// sum with a correlated subquery per payment.
    static let effective = """
        rev AS (
            SELECT channel, original_ref, SUM(amount_fen) AS fen FROM records
            WHERE kind = 'reversal' AND is_primary = 1 AND original_ref IS NOT NULL
            GROUP BY channel, original_ref),
        eff AS (
            SELECT p.id_number, p.insurance, p.channel, p.ref, p.amount_fen,
                   p.amount_fen - COALESCE(rev.fen, 0) AS net_fen, p.paid_at
            FROM records p LEFT JOIN rev ON rev.channel = p.channel AND rev.original_ref = p.ref
            WHERE p.kind = 'payment' AND p.is_primary = 1 AND p.id_valid = 1 AND p.year = ?1
              AND p.amount_fen - COALESCE(rev.fen, 0) > 0)
        """

    /// Common table expression `person`: the current roster row of each valid (ID, insurance) — the
    /// first one stored, as the reconciler takes it — with its town, village and status.
    static let roster = """
        person AS (
            SELECT id_number, insurance, name, household, town_code, village_code, village_name, status, student,
                   MIN(rowid) AS row
            FROM enrollment WHERE id_valid = 1 GROUP BY id_number, insurance)
        """

    /// SQL for a person's age on `day` from the birth date in an 18-digit ID (column `id`).
    static func age(_ id: String, on day: LocalDate) -> String {
        let mmdd = String(format2(day.month)) + format2(day.day)
        return "(\(day.year) - CAST(substr(\(id), 7, 4) AS INTEGER) - (substr(\(id), 11, 4) > '\(mmdd)'))"
    }

    static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `'wechat', 'alipay', …`: the channels that have statement files.
    static let statementChannels = Channel.allCases.filter { !$0.isLedgerOnly }.map { "'\($0.rawValue)'" }
        .joined(separator: ", ")
}
