import ReconCore

/// One cell of a report.
public enum ReportValue: Sendable, Hashable {
    case empty
    case text(String)
    case integer(Int64)
    /// Integer fen.
    case money(Int64)
    case date(LocalDate)
    /// A ratio; nil denominators are `.empty`, never NaN.
    case percent(Double)
    /// A finding's evidence: text in CSV, XLSX, JSON and on a terminal; a sentence and small tables in HTML.
    case evidence(FindingEvidence)

    /// A text or empty value from an optional text.
    public static func text(_ s: String?) -> ReportValue { s.map { .text($0) } ?? .empty }

    /// The ratio `n / d`, or empty when `d` is 0.
    public static func ratio(_ n: Int64, _ d: Int64) -> ReportValue { d == 0 ? .empty : .percent(Double(n) / Double(d)) }

    /// The integer of an integer or money cell.
    var integerValue: Int64? {
        switch self {
        case .integer(let v), .money(let v): return v
        default: return nil
        }
    }

    /// The text of a text cell.
    public var textValue: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    /// The value as people read it: money as yuan with two decimals and thousands separators when
    /// `grouped`, percent with one decimal.
    public func display(grouped: Bool = true) -> String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .integer(let v): return grouped ? Self.group(String(v)) : String(v)
        case .money(let fen): return Self.yuan(fen, grouped: grouped)
        case .date(let d): return d.description
        case .percent(let r): return Self.percent(r)
        case .evidence(let e): return e.text
        }
    }

    /// Fen as yuan text: `-1,234.50` (grouped) or `-1234.50`; exact, no floating point.
    public static func yuan(_ fen: Int64, grouped: Bool = true) -> String {
        let negative = fen < 0
        let m = fen.magnitude
        let whole = String(m / 100)
        let cents = m % 100
        return (negative ? "-" : "") + (grouped ? group(whole) : whole) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// A ratio as a percentage with one decimal: `95.3%`.
    public static func percent(_ r: Double) -> String {
        let tenths = Int64((r * 1000).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return sign + String(m / 10) + "." + String(m % 10) + "%"
    }

    static func group(_ digits: String) -> String {
        var s = digits
        var sign = ""
        if s.hasPrefix("-") { sign = "-"; s.removeFirst() }
        var out: [Character] = []
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return sign + String(out.reversed())
    }
}
