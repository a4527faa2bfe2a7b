/// ccb_pos: 笔数 = D records; 总金额 = Σ 消费 − Σ 撤销/退货.
enum CCBPosHeaderTotals {
    static func verify(_ t: TotalsAccumulator, header: [[String]]) -> FileError? {
        guard let h = header.first, h.count == 5, h[0] == "H" else { return .ccbPosHeaderMissing }
        return Totals.check("header", count: h[3], amount: h[4], rows: t.all,
                            fen: t.sum(10, .payment) - t.sum(10, .reversal))
    }
}
