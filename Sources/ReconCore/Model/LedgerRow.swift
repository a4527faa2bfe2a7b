/// One row of the tax ledger (金三 缴费入库明细).
public struct LedgerRow: Sendable, Hashable {
    /// 缴费类型.
    enum PayType: String, Sendable, Codable {
        case personal   // 个人缴费
        case government // 政府代缴
        case refund     // 退费

        init?(chinese: String) {
            switch chinese {
            case "个人缴费": self = .personal
            case "政府代缴": self = .government
            case "退费": self = .refund
            default: return nil
            }
        }
    }

    public var ticket: String
    public var idText: String
    var idValid: Bool
    var name: String
    public var insurance: Insurance
    var year: Int
    var payType: PayType
    /// Signed as the ledger writes it (negative for 退费).
    public var amountFen: Int64
    public var channel: Channel
    public var channelRef: String
    public var paidAt: LocalDateTime
    var bookedOn: LocalDate
    var townCode: String
    public var originalTicket: String?
    var line: Int

    init(ticket: String, idText: String, idValid: Bool, name: String, insurance: Insurance, year: Int,
                payType: PayType, amountFen: Int64, channel: Channel, channelRef: String, paidAt: LocalDateTime,
                bookedOn: LocalDate, townCode: String, originalTicket: String?, line: Int) {
        self.ticket = ticket; self.idText = idText; self.idValid = idValid; self.name = name
        self.insurance = insurance; self.year = year; self.payType = payType; self.amountFen = amountFen
        self.channel = channel; self.channelRef = channelRef; self.paidAt = paidAt; self.bookedOn = bookedOn
        self.townCode = townCode; self.originalTicket = originalTicket; self.line = line
    }

    /// For aishandong, etax and gov the ledger row is the payment or reversal itself (FORMATS.md).
    var asPaymentRecord: PaymentRecord? {
        guard channel.isLedgerOnly else { return nil }
        switch payType {
        case .personal, .government:
            return PaymentRecord(kind: .payment, channel: channel, ref: channelRef, idText: idText, idValid: idValid,
                                 insurance: insurance, year: year, amountFen: amountFen, paidAt: paidAt,
                                 name: name, line: line)
        case .refund:
            return PaymentRecord(kind: .reversal, channel: channel, ref: ticket, originalTicket: originalTicket,
                                 idText: idText, idValid: idValid, insurance: insurance, year: year,
                                 amountFen: amountFen < 0 ? -amountFen : amountFen, paidAt: paidAt,
                                 name: name, line: line)
        }
    }
}
