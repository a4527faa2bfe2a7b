/// A ledger 个人缴费 row of a statement channel: the book side the statements are reconciled with.
///
/// Plain values only; its 电子税票号码 and 渠道流水号 are the rules' (`RuleTexts`), read through
/// `RuleInput.ticket(_:)` and `RuleInput.ledgerRef(_:)`.
public struct LedgerEntry: Sendable {
    // Stored widest first, counters as Int32, to keep a row at 64 bytes (ViewMemoryTests hold it).
    /// 电子税票号码, in the rules' ticket buffer.
    var ticketText: TextRef
    /// 乡镇代码 of the ledger row, in the rules' ticket buffer.
    var townText: TextRef
    public var idBody: UInt64
    public var amountFen: Int64
    /// 缴款时间.
    public var paidAt: LocalDateTime
    /// The entry of its (channel, 渠道流水号) in the rules' ledger reference map.
    var refEntry: Int32
    private var storedYear: Int32
    private var storedFileID: Int32
    private var storedLine: Int32
    public var idValid: Bool
    public var insurance: Insurance
    public var channel: Channel

    init(ticketText: TextRef, townText: TextRef, refEntry: Int32, idBody: UInt64, idValid: Bool, insurance: Insurance,
         year: Int, amountFen: Int64, channel: Channel, paidAt: LocalDateTime, fileID: Int64, line: Int) {
        self.ticketText = ticketText; self.townText = townText; self.refEntry = refEntry; self.idBody = idBody
        self.idValid = idValid; self.insurance = insurance; self.amountFen = amountFen; self.channel = channel
        self.paidAt = paidAt
        storedYear = Int32(truncatingIfNeeded: year)
        storedFileID = Int32(truncatingIfNeeded: fileID)
        storedLine = Int32(truncatingIfNeeded: line)
    }

    public var year: Int { Int(storedYear) }
    /// `files.id` of the row's ledger file.
    public var fileID: Int64 { Int64(storedFileID) }
    public var line: Int { Int(storedLine) }
}
