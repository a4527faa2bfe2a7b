/// What the data gives for one town's disbursement lines (RULES.md "What the subsidy lines must equal").
public struct SubsidyTotals: Sendable, Equatable {
    public var contributionPersons = 0
    public var contributionFen: Int64 = 0
    public var disabledPersons = 0
    public var disabledFen: Int64 = 0
    public var fiscalPersons = 0
    public var fiscalFen: Int64 = 0
    public var fullPersons = 0
    public var fullFen: Int64 = 0
    public var halfPersons = 0
    public var halfFen: Int64 = 0

    public init() {}

    /// (人数, 金额) of one category.
    public subscript(category: DisbursementRow.Category) -> (persons: Int, amountFen: Int64) {
        switch category {
        case .contributionSubsidy: return (contributionPersons, contributionFen)
        case .disabledPaid: return (disabledPersons, disabledFen)
        case .fiscalSubsidy: return (fiscalPersons, fiscalFen)
        case .fullPaid: return (fullPersons, fullFen)
        case .halfPaid: return (halfPersons, halfFen)
        }
    }
}
