/// A claimed disbursement line (财政补助拨付申报) of one file.
public struct ClaimEntry: Sendable {
    var townCode: String
    var insurance: Insurance
    var category: DisbursementRow.Category
    var persons: Int
    var amountFen: Int64
    var fileDate: String
    var fileName: String
    var line: Int

    /// The order in which claims replace each other: newer file (date, then name), then later line.
    var order: (String, String, Int) { (fileDate, fileName, line) }
}
