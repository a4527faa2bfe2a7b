import ReconCore

/// Roster state of one (person, insurance) in a snapshot.
enum RosterStatus: UInt8 {
    case none = 0, normal, suspended, terminated
    var chinese: String {
        switch self {
        case .none: return ""
        case .normal: return "正常"
        case .suspended: return "暂停"
        case .terminated: return "终止"
        }
    }
}

struct Enrol {
    var sept: RosterStatus = .none
    var jan: RosterStatus = .none
}

struct Town {
    var index: Int
    var suffix: Int
    var code: String        // 9 digits
    var name: String
    var villages: [Int] = []
    var medicalTarget: Int
    var pensionTarget: Int
}

struct Village {
    var index: Int
    var town: Int
    var code: String        // 12 digits
    var name: String
    var quoted: Bool        // written with RFC 4180 quotes in the roster
    var firstHousehold: Int = 0
    var householdCount: Int = 0
    var ccbTerminal: String = ""
    var upTerminal: String = ""
}

struct Household {
    var village: Int32
    var number: String      // 16 digits
    var first: Int32        // first person
    var count: Int32
}

struct Person {
    var body: UInt64
    var name: String
    var male: Bool
    var birth: Int32        // day number
    var age: Int16          // on the age reference day (Y-01-01)
    var household: Int32    // -1: not in the roster
    var village: Int32
    var town: Int16
    var student: Bool = false
    var localHukou: Bool = true
    var reg: Int32 = 0      // registration day number
    var med = Enrol()
    var pen = Enrol()
    var tier: Int32 = 0     // registered pension tier (yuan)
    var death: Int32 = Int32.max     // winning death date (day number), if any
    var hardship = false    // a valid assistance row of any kind
    var medFull = false     // valid medical assistance in a full-payment category
    var penDisabled = false // valid 重度残疾 row with 险种 养老
    var empMed = false      // 职工医保 active in Y
    var empPen = false      // 职工养老 active in Y
    var used = false        // taken by a planted anomaly or a special background case
    var idForm: UInt8 = 0   // roster rendering of the ID: 0 canonical, 1 lower-case x

    var isDead: Bool { death != Int32.max }
}

/// How a payment's ID number is written in its statement row.
enum IDForm: UInt8 {
    case canonical = 0, legacy15, lowerX, fullWidth, leadingSpace, trailingIdeographic
}

/// How the tax ledger books a payment.
enum LedgerMode {
    case normal
    case none                    // never booked
    case amount(Int64)           // booked with another amount
    case idText(String)          // booked with another ID
    case otherInsurance          // booked under the other 征收品目
    case otherChannel(Channel)   // booked under another 缴费渠道 (same reference)
    case refTypo(String)         // booked with a mistyped 渠道流水号
    case brokenAmount(String)    // the amount text does not parse (line rejected)
}

/// Where a payment's statement row goes.
enum StmtMode: Equatable {
    case normal
    case none                    // no statement row (ledger only: lost statement)
    case slot(Int)               // a damaged-file slot
}

/// A re-sent copy of the statement row in a later file.
enum Resend: Equatable {
    case none
    case same(days: Int)                 // identical content
    case amount(Int64, days: Int)        // conflicting amount
    case time(Int64, days: Int)          // conflicting time (seconds shift)
    case refundSame(days: Int)           // the reversal row re-sent identically
    case refundTime(Int64, days: Int)    // the reversal row re-sent with another time
}

struct Pay {
    var person: Int32
    var ins: Insurance
    var year: Int16
    var ch: Channel
    var merchant: Int16 = 0
    var amount: Int64            // fen
    var time: Int64              // LocalDateTime seconds
    var payer: Int32 = -1
    var village: Int32 = -1      // where it was collected (ccb/unionpay terminal, bank branch)
    var idForm: IDForm = .canonical
    var rawID: String? = nil     // explicit raw ID text (invalid numbers)
    var nameOverride: String? = nil
    var ledger: LedgerMode = .normal
    var book: Int8 = 1           // booking offset in days
    var refund: Int64 = 0        // reversal time (0: none)
    var refundBook: Int8 = 1
    var refundKindAlt = false    // unionpay 04 instead of 31 / ccb 退货 instead of 撤销
    var stmt: StmtMode = .normal
    var resend: Resend = .none
    var bankFailedBefore: Int64 = 0   // time of an earlier failed debit (bank)
    var failedOnly = false       // a bank debit that failed (no money, no ledger row)
    var brokenLine = false       // the statement line is structurally broken (rejected)
    var dropped = false          // removed by a plant (never written)
    // assigned when laid out
    var ref = ""
    var refundRef = ""
    var failRef = ""
    var ticket = ""
    var refundTicket = ""
    var extra: UInt64 = 0        // per-payment serial for secondary numbers

    var isGov: Bool { ch == .gov }
    var date: LocalDate { LocalDateTime(seconds: time).date }
    var day: Int { Int((time >= 0 ? time : time - 86399) / 86400) }
    var refundDay: Int { Int(refund / 86400) }
}

struct Payer {
    var ch: Channel
    var household: Int32
    var key: String          // openid / bank account / masked card / masked alipay account
}

struct DeathRecord {
    var body: UInt64
    var rawID: String?
    var name: String
    var date: Int32
    var source: String
    var notice: Int32
    var file: Int = 0
}

struct AssistRecord {
    var body: UInt64
    var rawID: String?
    var name: String
    var category: String
    var ins: Insurance
    var from: Int32
    var to: Int32?           // nil: open-ended
    var file: Int = 0
}

struct EmployeeRecord {
    var body: UInt64
    var name: String
    var pension: Bool        // 职工养老 else 职工医保
    var unit: String
    var start: Int32
    var end: Int32?
    var file: Int = 0
}

/// Calendar of one coverage year.
struct Calendar {
    let year: Int
    let windowStart: Int      // day numbers
    let windowEnd: Int
    let ageRef: LocalDate
    let septSnapshot: LocalDate
    let janSnapshot: LocalDate

    init(year: Int) {
        self.year = year
        windowStart = LocalDate(year: year - 1, month: 10, day: 1).dayNumber
        windowEnd = LocalDate(year: year - 1, month: 12, day: 31).dayNumber
        ageRef = LocalDate(year: year, month: 1, day: 1)
        septSnapshot = LocalDate(year: year - 1, month: 9, day: 28)
        janSnapshot = LocalDate(year: year, month: 1, day: 6)
    }

    func day(_ m: Int, _ d: Int, next: Bool = false) -> Int {
        LocalDate(year: next ? year : year - 1, month: m, day: d).dayNumber
    }

    var windowEndSeconds: Int64 { Int64(windowEnd) * 86400 + 86399 }
}

/// The 2024 coverage year's numbers (RULES.md), written out again on purpose: the evaluator is an
/// independent reading of the rules, not a second use of ReconCore's `Policy`.
enum Policy2024 {
    static let tiers: Set<Int64> = [10000, 35000, 50000, 80000, 100000, 300000, 500000, 800000]
    static let medicalFull: Int64 = 38000
    static let medicalHalf: Int64 = 19000
    static let pensionGov: Int64 = 10000
    static let fiscalPerPerson: Int64 = 64000
    static func band(_ amount: Int64) -> Int64 { amount < 50000 ? 3000 : (amount < 80000 ? 6000 : 8000) }
}
