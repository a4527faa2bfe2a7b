/// A payment channel, by its canonical name (FORMATS.md).
public enum Channel: String, CaseIterable, Sendable, Codable, Hashable {
    case wechat, alipay, unionpay
    case ccbPos = "ccb_pos"
    case bank, aishandong, etax, gov

    /// Channels whose payments are only known from the tax ledger.
    public var isLedgerOnly: Bool {
        switch self {
        case .aishandong, .etax, .gov: return true
        default: return false
        }
    }

    /// The ledger's 缴费渠道 text for each channel.
    public var ledgerName: String {
        switch self {
        case .wechat: return "微信"
        case .alipay: return "支付宝"
        case .unionpay: return "银联"
        case .ccbPos: return "建行POS"
        case .bank: return "银行代收"
        case .aishandong: return "爱山东"
        case .etax: return "电子税务局"
        case .gov: return "政府代缴"
        }
    }

    /// Maps the ledger's 缴费渠道 text to a channel.
    public init?(ledgerName: String) {
        guard let c = Channel.allCases.first(where: { $0.ledgerName == ledgerName }) else { return nil }
        self = c
    }
}
