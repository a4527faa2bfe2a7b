/// One band of the pension contribution subsidy (缴费补贴): a paying person whose largest effective
/// pension payment is at least `fromFen` (and below the next band's start) earns `subsidyFen`.
public struct SubsidyBand: Sendable, Hashable {
    /// The smallest payment amount of the band, in fen.
    var fromFen: Int64
    /// The subsidy for a person in the band, in fen.
    var subsidyFen: Int64

    init(fromFen: Int64, subsidyFen: Int64) {
        self.fromFen = fromFen
        self.subsidyFen = subsidyFen
    }
}
