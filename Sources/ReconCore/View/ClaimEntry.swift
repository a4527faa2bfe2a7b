/// A claimed disbursement line (财政补助拨付申报) of one file.
public struct ClaimEntry: Sendable {
    public var townCode: String
    public var insurance: Insurance
    public var category: DisbursementRow.Category
    public var persons: Int
    public var amountFen: Int64
    public var fileDate: String
    public var fileName: String
    public var line: Int

    /// The order in which claims replace each other: newer file (date, then name), then later line.
    var order: (String, String, Int) { (fileDate, fileName, line) }
}
