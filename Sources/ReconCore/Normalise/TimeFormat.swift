/// A timestamp layout such as `yyyy-MM-dd HH:mm:ss` or `MMddHHmmss`, parsed from bytes.
///
/// Tokens: `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`; any other character is a literal.
/// A layout without `yyyy` takes its year from a reference date (the file's date):
/// the reference year, or the year before when the record's month-day is later than the reference's.
public struct TimeFormat: Sendable, Hashable, CustomStringConvertible {
    enum Piece: Sendable, Hashable {
        case year, month, day, hour, minute, second
        case literal(UInt8)
        var width: Int {
            switch self {
            case .year: return 4
            case .literal: return 1
            default: return 2
            }
        }
    }

    let pieces: [Piece]
    public let description: String
    let width: Int

    public static let standard = TimeFormat("yyyy-MM-dd HH:mm:ss")!
    static let compactDate = TimeFormat("yyyyMMdd")!
    static let isoDate = TimeFormat("yyyy-MM-dd")!

    /// Nil when the layout has no recognisable fields or repeats one.
    public init?(_ layout: String) {
        var p: [Piece] = []
        let u = Array(layout.utf8)
        var i = 0
        func starts(_ s: String) -> Bool {
            let t = Array(s.utf8)
            return i + t.count <= u.count && Array(u[i..<i + t.count]) == t
        }
        while i < u.count {
            if starts("yyyy") { p.append(.year); i += 4 }
            else if starts("MM") { p.append(.month); i += 2 }
            else if starts("dd") { p.append(.day); i += 2 }
            else if starts("HH") { p.append(.hour); i += 2 }
            else if starts("mm") { p.append(.minute); i += 2 }
            else if starts("ss") { p.append(.second); i += 2 }
            else { p.append(.literal(u[i])); i += 1 }
        }
        let fields = p.filter { if case .literal = $0 { return false }; return true }
        guard !fields.isEmpty, Set(fields).count == fields.count else { return nil }
        pieces = p
        description = layout
        width = p.reduce(0) { $0 + $1.width }
        hasYear = fields.contains(.year)
        hasDate = fields.contains(.day)
    }

    let hasYear: Bool
    let hasDate: Bool

    /// Parses exactly the layout (no padding); nil when it does not match or is no real time.
    public func parse(_ text: ArraySlice<UInt8>, referenceDate: LocalDate?) -> LocalDateTime? {
        text.withUnsafeBytes { parse(bytes: $0, referenceDate: referenceDate) }
    }

    public func parse(bytes text: UnsafeRawBufferPointer, referenceDate: LocalDate?) -> LocalDateTime? {
        guard text.count == width else { return nil }
        var y = -1, mo = 1, d = 1, h = 0, mi = 0, s = 0
        var i = 0
        for piece in pieces {
            if case .literal(let c) = piece {
                guard text[i] == c else { return nil }
                i += 1
                continue
            }
            var v = 0
            for _ in 0..<piece.width {
                let c = text[i]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c &- 0x30)
                i += 1
            }
            switch piece {
            case .year: y = v
            case .month: mo = v
            case .day: d = v
            case .hour: h = v
            case .minute: mi = v
            case .second: s = v
            case .literal: break
            }
        }
        if y < 0 {
            guard let ref = referenceDate else { return nil }
            y = (mo, d) > (ref.month, ref.day) ? ref.year - 1 : ref.year
        }
        return LocalDateTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }
}
