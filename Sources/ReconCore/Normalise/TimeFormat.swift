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
    /// Where each field starts (year, month, day, hour, minute, second; -1 when the layout has none)
    /// and where the literals stand: what `parse` reads, worked out once.
    private let fieldOffsets: [Int]
    private let literalOffsets: [Int]
    private let literalBytes: [UInt8]

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
        var offsets = [-1, -1, -1, -1, -1, -1], literalOffsets: [Int] = [], literalBytes: [UInt8] = []
        var at = 0
        for piece in p {
            switch piece {
            case .year: offsets[0] = at
            case .month: offsets[1] = at
            case .day: offsets[2] = at
            case .hour: offsets[3] = at
            case .minute: offsets[4] = at
            case .second: offsets[5] = at
            case .literal(let c): literalOffsets.append(at); literalBytes.append(c)
            }
            at += piece.width
        }
        fieldOffsets = offsets
        self.literalOffsets = literalOffsets
        self.literalBytes = literalBytes
    }

    let hasYear: Bool
    let hasDate: Bool

    /// Parses exactly the layout (no padding); nil when it does not match or is no real time.
    public func parse(_ text: ArraySlice<UInt8>, referenceDate: LocalDate?) -> LocalDateTime? {
        text.withUnsafeBytes { parse(bytes: $0, referenceDate: referenceDate) }
    }

    public func parse(bytes text: UnsafeRawBufferPointer, referenceDate: LocalDate?) -> LocalDateTime? {
        guard let f = fields(text, referenceDate) else { return nil }
        return LocalDateTime(year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second)
    }

    /// The date of `parse` (the time must be a real one too), without going through seconds.
    func parseDate(bytes text: UnsafeRawBufferPointer, referenceDate: LocalDate?) -> LocalDate? {
        guard let f = fields(text, referenceDate), (0..<24).contains(f.hour), (0..<60).contains(f.minute),
              (0..<60).contains(f.second) else { return nil }
        return LocalDate(validYear: f.year, month: f.month, day: f.day)
    }

    /// The fields' values, the year taken from the reference date when the layout has none; nil
    /// when the text does not match the layout exactly.
    @inline(__always)
    private func fields(_ text: UnsafeRawBufferPointer, _ referenceDate: LocalDate?)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        guard text.count == width, width > 0 else { return nil }
        let p = text.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for k in 0..<literalOffsets.count where p[literalOffsets[k]] != literalBytes[k] { return nil }
        @inline(__always) func value(_ k: Int, _ absent: Int) -> Int? {
            let at = fieldOffsets[k]
            if at < 0 { return absent }
            var v = 0
            for i in at..<at + (k == 0 ? 4 : 2) {
                let d = p[i] &- 0x30
                guard d <= 9 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard var y = value(0, -1), let mo = value(1, 1), let d = value(2, 1), let h = value(3, 0),
              let mi = value(4, 0), let s = value(5, 0) else { return nil }
        if y < 0 {
            guard let ref = referenceDate else { return nil }
            y = (mo, d) > (ref.month, ref.day) ? ref.year - 1 : ref.year
        }
        return (y, mo, d, h, mi, s)
    }
}
