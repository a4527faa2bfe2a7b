/// A repeated sighting of a payment or reversal identity (a non-primary record), with the content
/// RULES.md compares against the primary: amount, normalised ID, insurance and time.
public struct ViewSighting: Sendable {
    public var recordID: Int64
    public var channel: Channel
    public var isReversal: Bool
    public var ref: String
    public var amountFen: Int64
    public var idText: String
    public var idValid: Bool
    public var insurance: Insurance
    public var paidAt: LocalDateTime
    public var fileID: Int64
    public var line: Int
}
