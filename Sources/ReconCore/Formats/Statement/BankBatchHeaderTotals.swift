/// bank: 总笔数/总金额 over all lines (Σ 应缴金额); 成功 (Σ 实缴金额); 失败 (Σ 应缴金额).
enum BankBatchHeaderTotals {
    static func verify(_ t: TotalsAccumulator, header: [[String]]) -> FileError? {
        guard let h = header.first, h.count == 9 else { return .bankBatchHeaderMalformed }
        return Totals.check("总笔数/总金额", count: h[3], amount: h[4], rows: t.all, fen: t.sumAll(7))
            ?? Totals.check("成功笔数/成功金额", count: h[5], amount: h[6], rows: t.n(.payment), fen: t.sum(8, .payment))
            ?? Totals.check("失败笔数/失败金额", count: h[7], amount: h[8], rows: t.n(.failed), fen: t.sum(7, .failed))
    }
}
