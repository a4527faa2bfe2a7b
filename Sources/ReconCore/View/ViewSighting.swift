/// A repeated sighting of a payment or reversal identity (a non-primary record), with the content
/// RULES.md compares against the primary: amount, normalised ID, insurance and time.
public struct ViewSighting: Sendable {
    var recordID: Int64
    var channel: Channel
    var isReversal: Bool
    var ref: String
    var amountFen: Int64
    var idText: String
    var idValid: Bool
    var insurance: Insurance
    var paidAt: LocalDateTime
    var fileID: Int64
    var line: Int
}
