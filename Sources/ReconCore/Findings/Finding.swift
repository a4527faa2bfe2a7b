/// One finding as the rules produce it: a row of `findings_v1` without the run bookkeeping
/// (status, first/last seen, review), which `Reconciler` keeps.
public struct Finding: Sendable, Equatable {
    public var code: FindingCode
    /// The stable key of what the finding is about (RULES.md subject forms), e.g. `txn:wechat:SW1`.
    public var subject: String
    /// Coverage year, where there is one.
    public var year: Int?
    /// Normalised ID (raw text for INVALID_ID), where there is one.
    public var idNumber: String?
    public var insurance: Insurance?
    public var channel: Channel?
    var txnRef: String?
    /// From the enrollment row, where there is one.
    public var townCode: String?
    public var villageCode: String?
    /// Money at stake, where there is one.
    public var amountFen: Int64?
    /// The evidence, rendered only where the finding is kept: straight into a sink's chunk
    /// (`FindingRecord`), so a finding never holds its JSON text.
    var evidence: JSONValue

    /// The evidence as a JSON object (sorted keys).
    public var detail: String { evidence.text }

    public var severity: Severity { code.severity }

    public init(code: FindingCode, subject: String, year: Int? = nil, idNumber: String? = nil,
                insurance: Insurance? = nil, channel: Channel? = nil, txnRef: String? = nil, townCode: String? = nil,
                villageCode: String? = nil, amountFen: Int64? = nil, detail: JSONValue = .object([:])) {
        self.code = code; self.subject = subject; self.year = year; self.idNumber = idNumber
        self.insurance = insurance; self.channel = channel; self.txnRef = txnRef; self.townCode = townCode
        self.villageCode = villageCode; self.amountFen = amountFen; self.evidence = detail
    }

    // MARK: Subject forms (RULES.md)

    static func txnSubject(_ channel: Channel, _ ref: String) -> String { "txn:\(channel.rawValue):\(ref)" }
    static func reversalSubject(_ channel: Channel, _ ref: String) -> String {
        "reversal:\(channel.rawValue):\(ref)"
    }
    static func personSubject(_ id18: String, _ insurance: Insurance, _ year: Int) -> String {
        "person:\(id18):\(insurance.rawValue):\(year)"
    }
    static func accountSubject(_ channel: Channel, _ payerKey: String) -> String {
        "account:\(channel.rawValue):\(payerKey)"
    }
    static func ticketSubject(_ ticket: String) -> String { "ticket:\(ticket)" }
    static func subsidySubject(_ town: String, _ insurance: Insurance, _ category: DisbursementRow.Category) -> String {
        "subsidy:\(town):\(insurance.rawValue):\(category.rawValue)"
    }
}
