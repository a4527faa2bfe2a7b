import ReconCore

/// The Chinese words reports use for recon's canonical values.
public enum Labels {
    /// 微信, 支付宝, … (the tax ledger's 缴费渠道 names); unknown values stay as they are.
    public static func channel(_ raw: String?) -> String {
        guard let raw else { return "" }
        return Channel(rawValue: raw)?.ledgerName ?? raw
    }

    public static func insurance(_ raw: String?) -> String {
        guard let raw else { return "" }
        return Insurance(rawValue: raw)?.chinese ?? raw
    }

    public static func severity(_ raw: String) -> String {
        switch raw {
        case "high": return "高"
        case "medium": return "中"
        case "info": return "提示"
        default: return raw
        }
    }

    public static func fileStatus(_ raw: String) -> String {
        switch raw {
        case "ingested": return "已入库"
        case "duplicate": return "重复送达"
        case "quarantined": return "隔离"
        default: return raw
        }
    }

    /// The formats of FORMATS.md as the people who send them call them.
    public static func format(_ raw: String?) -> String {
        guard let raw else { return "" }
        switch raw {
        case "wechat": return "微信对账单"
        case "alipay": return "支付宝对账单"
        case "unionpay": return "银联对账单"
        case "ccb_pos": return "建行POS对账单"
        case "bank": return "银行代收回盘"
        case "ledger": return "金三入库明细"
        case "enrollment": return "参保登记"
        case "deaths": return "死亡名单"
        case "assistance": return "救助对象名单"
        case "employee": return "职工参保名单"
        case "disbursement": return "补助拨付申报"
        default: return raw
        }
    }

    /// A finding's review state (the English stays in JSON and the review CSV's values are read either way).
    public static func reviewState(_ raw: String?) -> String {
        guard let raw else { return "" }
        switch raw {
        case "new": return "待审核"
        case "confirmed": return "已确认"
        case "dismissed": return "已排除"
        case "escalated": return "已上报"
        default: return raw
        }
    }

    /// A finding's status.
    public static func findingStatus(_ raw: String?) -> String {
        switch raw {
        case "open": return "未结"
        case "resolved": return "已解决"
        default: return raw ?? ""
        }
    }

    /// A stored reason (quarantine, reject) in Chinese.
    public static func reason(_ raw: String?) -> String { raw.map(ReasonText.chinese) ?? "" }

    public static func category(_ raw: String) -> String {
        DisbursementRow.Category(rawValue: raw)?.chinese ?? raw
    }

    /// What each finding code means, in a few words.
    public static func code(_ raw: String) -> String {
        switch FindingCode(rawValue: raw) {
        case .invalidID: return "证件号码无效"
        case .notEnrolled: return "未参保登记"
        case .nameMismatch: return "姓名不符"
        case .inactiveEnrollment: return "参保状态暂停/终止"
        case .paidAfterDeath: return "死亡后缴费"
        case .duplicatePayment: return "重复缴费"
        case .nonstandardAmount: return "缴费金额不合标准"
        case .tierNotAllowed: return "不得选择100元档"
        case .shouldBeGovernmentPaid: return "应由政府代缴"
        case .missingGovernmentPayment: return "缺政府代缴"
        case .governmentPaidIneligible: return "不应政府代缴"
        case .ineligiblePension: return "不符合养老参保条件"
        case .employeeInsured: return "已参加职工保险"
        case .latePayment: return "征缴期后缴费"
        case .refundAfterCutoff: return "截止后退费"
        case .pooledAccount: return "个人账户归集缴费"
        case .notInTaxLedger: return "未入金三账"
        case .ledgerWithoutPayment: return "金三有账无流水"
        case .ledgerMismatch: return "金三与流水不符"
        case .subsidyMismatch: return "补助申报不符"
        case .conflictingRecord: return "记录冲突"
        case .duplicateRecord: return "记录重复"
        case .noPolicy: return "无年度政策"
        case nil: return raw
        }
    }
}
