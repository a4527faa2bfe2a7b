/// The control totals a statement file carries, and how to check them against its rows.
///
/// Each rule names the columns it sums; the parser accumulates those per record kind and the
/// rule compares them with the header, footer or comment lines.
enum ControlTotalsRule: String, Sendable, CaseIterable {
    /// wechat: last line `总交易单数,应结订单总金额,退款总金额,…`.
    case wechatSummary = "wechat_summary"
    /// alipay: `#交易合计：n笔，商家实收共x元…` and `#退款合计：m笔，商家实收退款共y元…`.
    case alipayFooter = "alipay_footer"
    /// ccb_pos: `H|商户号|清算日期|笔数|总金额`.
    case ccbPosHeader = "ccb_pos_header"
    /// bank: `批次号|执收单位编码|会计日期|总笔数|总金额|成功笔数|成功金额|失败笔数|失败金额`.
    case bankBatchHeader = "bank_batch_header"

    /// Columns whose amounts the rule needs, per kind: (column, unit is yuan).
    var sumColumns: [Int] {
        switch self {
        case .wechatSummary: return [12, 16]
        case .alipayFooter: return [12]
        case .ccbPosHeader: return [10]
        case .bankBatchHeader: return [7, 8]
        }
    }

    /// Checks the totals; returns the reason the file must be quarantined, or nil.
    func verify(_ t: TotalsAccumulator, header: [[String]], footer: [[String]], comments: [String]) -> FileError? {
        switch self {
        case .wechatSummary: return WeChatSummaryTotals.verify(t, footer: footer)
        case .alipayFooter: return AlipayFooterTotals.verify(t, comments: comments)
        case .ccbPosHeader: return CCBPosHeaderTotals.verify(t, header: header)
        case .bankBatchHeader: return BankBatchHeaderTotals.verify(t, header: header)
        }
    }
}

/// Counts and column sums per record kind, gathered while parsing.
///
/// A column's values are summed only while their Σ|value| fits in Int64 (`add`): then every sum by
/// kind, and every sum or difference of those that the rules compare, fits too, and they use the
/// trapping `+` and `-`, which cannot trap. Kept in small arrays (a rule sums one or two columns):
/// every data line adds to them.
struct TotalsAccumulator: Sendable {
    private var counts = [0, 0, 0]
    /// The columns summed, in the order first seen; per column Σ|value| and the sums by kind.
    private var columns: [Int] = []
    private var magnitudes: [Int64] = []
    private var sums: [Int64] = []   // 3 per column, by `slot(kind)`

    @inline(__always)
    private static func slot(_ kind: RecordKind) -> Int {
        switch kind {
        case .payment: return 0
        case .reversal: return 1
        case .failed: return 2
        }
    }

    var all: Int { counts.reduce(0, +) }

    mutating func count(_ kind: RecordKind) { counts[Self.slot(kind)] += 1 }

    /// Adds one row's value of a summed column; false, adding nothing, when the column's Σ|value|
    /// would overflow.
    mutating func add(_ value: Int64, column: Int, kind: RecordKind) -> Bool {
        guard let m = Int64(exactly: value.magnitude) else { return false }
        var c = 0
        while c < columns.count, columns[c] != column { c += 1 }
        if c == columns.count {
            columns.append(column); magnitudes.append(0); sums.append(contentsOf: [0, 0, 0])
        }
        let (total, overflow) = magnitudes[c].addingReportingOverflow(m)
        if overflow { return false }
        magnitudes[c] = total
        sums[3 * c + Self.slot(kind)] += value
        return true
    }

    private func byKind(_ column: Int) -> ArraySlice<Int64> {
        guard let c = columns.firstIndex(of: column) else { return [0, 0, 0] }
        return sums[3 * c..<3 * c + 3]
    }

    func sum(_ column: Int, _ kinds: RecordKind...) -> Int64 {
        let s = byKind(column)
        return kinds.reduce(0) { $0 + s[s.startIndex + Self.slot($1)] }
    }
    func sumAll(_ column: Int) -> Int64 { byKind(column).reduce(0, +) }
    func n(_ kinds: RecordKind...) -> Int { kinds.reduce(0) { $0 + counts[Self.slot($1)] } }
}

/// Shared wording and parsing for the totals checks.
enum Totals {
    static func mismatch(_ what: String, declared: String, actual: String) -> FileError {
        .totalsMismatch(what: what, declared: declared, actual: actual)
    }

    static func yuan(_ s: String) -> Int64? {
        if case .success(let v) = Money.fen(fromYuan: Array(s.utf8)) { return v }
        return nil
    }

    /// Compares a declared count and amount with the rows'.
    static func check(_ what: String, count: String, amount: String, rows: Int, fen: Int64) -> FileError? {
        guard let c = Int(count) else { return .totalsCountUnparsable(what: what, got: count) }
        guard let a = yuan(amount) else { return .totalsAmountUnparsable(what: what, got: amount) }
        if c != rows { return mismatch("\(what) count", declared: String(c), actual: String(rows)) }
        if a != fen { return mismatch("\(what) amount", declared: Money.yuan(a), actual: Money.yuan(fen)) }
        return nil
    }
}
