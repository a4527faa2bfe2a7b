/// Exact money parsing: decimal yuan text to integer fen, never through floating point.
public enum Money {
    /// Why an amount did not parse.
    public enum Failure: Error, Equatable, Sendable {
        case empty, notANumber, tooManyDecimals, overflow
    }

    /// The most a payment, reversal or ledger row may carry, in absolute value: 10,000,000.00 yuan
    /// (FORMATS.md "Damaged input"; above it the line is broken). No insurance payment comes near
    /// it, and a sum of such rows cannot overflow: 2^63 fen is 9.2 × 10^9 rows at the cap.
    static let maxRowFen: Int64 = 1_000_000_000

    /// Parses yuan text such as `380.00`, `-2.10`, `1,020.5`? No: grouping commas are refused.
    /// Accepts an optional sign, digits, and at most two decimals.
    @inlinable
    public static func fen<C: Collection>(fromYuan text: C) -> Result<Int64, Failure> where C.Element == UInt8 {
        parse(text, scale: 2)
    }

    /// Parses an integer count of fen (`000000038000`).
    @inlinable
    public static func fen<C: Collection>(fromFen text: C) -> Result<Int64, Failure> where C.Element == UInt8 {
        parse(text, scale: 0)
    }

    @inlinable
    static func parse<C: Collection>(_ text: C, scale: Int) -> Result<Int64, Failure> where C.Element == UInt8 {
        var negative = false
        var value: Int64 = 0
        var decimals = -1
        var digits = 0
        var first = true
        for c in text {
            if first {
                first = false
                if c == 0x2D { negative = true; continue }
                if c == 0x2B { continue }
            }
            if c == 0x2E {
                if decimals >= 0 { return .failure(.notANumber) }
                decimals = 0
                continue
            }
            guard c >= 0x30, c <= 0x39 else { return .failure(.notANumber) }
            if decimals >= 0 {
                decimals += 1
                if decimals > scale { return .failure(.tooManyDecimals) }
            }
            digits += 1
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 0x30))
            if o1 || o2 { return .failure(.overflow) }
            value = a
        }
        if first { return .failure(.empty) }
        if digits == 0 { return .failure(.notANumber) }
        var missing = scale - max(decimals, 0)
        while missing > 0 {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return .failure(.overflow) }
            value = m
            missing -= 1
        }
        return .success(negative ? -value : value)
    }

    /// A sum of amounts (or counts) that does not fit in Int64 (in fen: over 92,233,720,368,547,758.07 yuan).
    public struct SumOutOfRange: Error, Sendable, CustomStringConvertible {
        /// What was being summed (a column, a total).
        var what: String
        init(_ what: String) { self.what = what }
        public var description: String { "\(what): the sum is out of range (beyond ±(2^63 − 1))" }
    }

    /// The sum of `values`, checked: it throws where `+` would trap (-O) or wrap (-Ounchecked). For
    /// sums of what the data claims (disbursement lines, the findings' amounts they bring, report
    /// totals over them): unlike a payment, a claim has no cap.
    public static func checkedSum<S: Sequence>(_ values: S, _ what: String) throws(SumOutOfRange) -> Int64
    where S.Element == Int64 {
        var total: Int64 = 0
        for v in values {
            let (t, overflow) = total.addingReportingOverflow(v)
            if overflow { throw SumOutOfRange(what) }
            total = t
        }
        return total
    }

    /// `a - b`, checked like `checkedSum`.
    public static func checkedDifference(_ a: Int64, _ b: Int64, _ what: String) throws(SumOutOfRange) -> Int64 {
        let (d, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw SumOutOfRange(what) }
        return d
    }

    /// Formats fen as yuan with two decimals (`-2.10`).
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let m = fen.magnitude
        let cents = m % 100
        return "\(sign)\(m / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
