/// The two resident insurances (FORMATS.md).
public enum Insurance: String, CaseIterable, Sendable, Codable, Hashable {
    case pension, medical

    /// 养老 / 医疗, as the roster, assistance list and bank files write it.
    public var chinese: String { self == .pension ? "养老" : "医疗" }
    /// YL / YB, as unionpay and ccb_pos references write it.
    public var shortCode: String { self == .pension ? "YL" : "YB" }
    /// 征收品目 of the tax ledger.
    public var ledgerItem: String { self == .pension ? "城乡居民基本养老保险费" : "城乡居民基本医疗保险费" }

    public init?(chinese: String) {
        switch chinese {
        case "养老": self = .pension
        case "医疗": self = .medical
        default: return nil
        }
    }

    public init?(shortCode: String) {
        switch shortCode {
        case "YL": self = .pension
        case "YB": self = .medical
        default: return nil
        }
    }

    public init?(ledgerItem: String) {
        switch ledgerItem {
        case "城乡居民基本养老保险费": self = .pension
        case "城乡居民基本医疗保险费": self = .medical
        default: return nil
        }
    }
}
