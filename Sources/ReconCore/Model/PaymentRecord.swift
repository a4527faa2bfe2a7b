/// One payment or reversal as a channel reported it, normalised (RULES.md "Terms").
///
/// Identity is (channel, kind, ref): `ref` is the txn_ref of a payment and the reversal_ref of a reversal.
public struct PaymentRecord: Sendable, Hashable {
    public var kind: RecordKind
    var channel: Channel
    public var ref: String
    /// For reversals: the txn_ref of the payment reversed, when the row names it.
    public var originalRef: String?
    /// For ledger-only reversals: the 电子税票号码 of the ticket reversed (its 渠道流水号 is the original).
    var originalTicket: String?
    /// The normalised 18-character ID, or the trimmed raw text when it is invalid.
    public var idText: String
    var idValid: Bool
    public var insurance: Insurance
    public var year: Int
    /// Positive, in fen (a reversal's amount is what it takes back).
    public var amountFen: Int64
    public var paidAt: LocalDateTime
    public var payerKey: String?
    public var name: String?
    /// The agent that took the money: bank 网点号, POS 终端号.
    var agent: String?
    /// 1-based physical line in the decompressed file.
    var line: Int

    init(kind: RecordKind, channel: Channel, ref: String, originalRef: String? = nil, originalTicket: String? = nil,
                idText: String, idValid: Bool, insurance: Insurance, year: Int, amountFen: Int64,
                paidAt: LocalDateTime, payerKey: String? = nil, name: String? = nil, agent: String? = nil, line: Int) {
        self.kind = kind; self.channel = channel; self.ref = ref; self.originalRef = originalRef
        self.originalTicket = originalTicket; self.idText = idText; self.idValid = idValid
        self.insurance = insurance; self.year = year; self.amountFen = amountFen; self.paidAt = paidAt
        self.payerKey = payerKey; self.name = name; self.agent = agent; self.line = line
    }
}

extension PaymentRecord {
    /// Normalises raw ID text: the canonical 18 characters when valid, else the trimmed raw text.
    static func normalisedID(_ raw: String) -> (text: String, valid: Bool) {
        if let id = IDNumber(raw) { return (id.text, true) }
        return (raw, false)
    }

    /// `normalisedID(raw.trimmingSpaces)` of UTF-8 text given as bytes, without a String on the way for
    /// an ASCII one (whose spaces and tabs are single bytes).
    static func normalisedID(trimming raw: UnsafeRawBufferPointer) -> (text: String, valid: Bool) {
        guard !raw.contains(where: { $0 >= 0x80 }) else {
            return normalisedID(String(decoding: raw, as: UTF8.self).trimmingSpaces)
        }
        var s = 0, e = raw.count
        while s < e, raw[s] == 0x20 || raw[s] == 0x09 { s += 1 }
        while e > s, raw[e - 1] == 0x20 || raw[e - 1] == 0x09 { e -= 1 }
        let trimmed = UnsafeRawBufferPointer(rebasing: raw[s..<e])
        if let id = IDNumber.parse(trimmed) { return (id.text(parsedFrom: trimmed), true) }
        return (String(decoding: trimmed, as: UTF8.self), false)
    }
}
