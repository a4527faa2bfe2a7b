/// One claimed line of a disbursement file (财政补助拨付申报).
public struct DisbursementRow: Sendable, Hashable {
    /// The subsidy categories and their codes (FORMATS.md).
    public enum Category: String, Sendable, Codable, CaseIterable {
        case contributionSubsidy = "contribution_subsidy"
        case disabledPaid = "disabled_paid"
        case fiscalSubsidy = "fiscal_subsidy"
        case fullPaid = "full_paid"
        case halfPaid = "half_paid"

        public var insurance: Insurance {
            switch self {
            case .contributionSubsidy, .disabledPaid: return .pension
            default: return .medical
            }
        }

        public var chinese: String {
            switch self {
            case .contributionSubsidy: return "缴费补贴"
            case .disabledPaid: return "重残代缴"
            case .fiscalSubsidy: return "财政补助"
            case .fullPaid: return "全额代缴"
            case .halfPaid: return "半额代缴"
            }
        }

        public init?(insurance: Insurance, chinese: String) {
            guard let c = Category.allCases.first(where: { $0.insurance == insurance && $0.chinese == chinese }) else {
                return nil
            }
            self = c
        }
    }

    public var townCode: String
    public var insurance: Insurance
    public var category: Category
    public var persons: Int
    public var amountFen: Int64
    public var line: Int
}
