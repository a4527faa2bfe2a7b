/// A field that carries the insured ID, insurance and coverage year in a fixed pattern:
/// wechat/alipay 商品名称 `{year}年度城乡居民基本{insurance}保险费`, unionpay `{id}|{insurance}|{year}`,
/// ccb_pos `{insurance}{year}:{id}`.
///
/// `{year}` is four digits, `{insurance}` one of the layout's insurance tokens, `{id}` the text up to
/// the next literal (or the end).
struct CoveragePattern: Sendable, Equatable, CustomStringConvertible {
    enum Piece: Sendable, Equatable { case literal([UInt8]), id, insurance, year }
    let pieces: [Piece]
    let description: String

    /// Nil when the template holds an unknown placeholder or two placeholders without a literal between
    /// an `{id}` and what follows it.
    init?(_ template: String) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var rest = Substring(template)
        while !rest.isEmpty {
            if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") {
                let token = rest[rest.index(after: rest.startIndex)..<close]
                let piece: Piece
                switch token {
                case "id": piece = .id
                case "insurance": piece = .insurance
                case "year": piece = .year
                default: return nil
                }
                if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
                pieces.append(piece)
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(contentsOf: String(rest.first!).utf8)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        for (i, p) in pieces.enumerated() where p == .id && i + 1 < pieces.count {
            if case .literal = pieces[i + 1] {} else { return nil }
        }
        self.pieces = pieces
        self.description = template
    }

    /// What a field that fits holds: the ID's bytes (a range of the field), the insurance, the year.
    struct Match: Equatable, Sendable {
        var id: Range<Int>?
        var insurance: Insurance?
        var year: Int?
    }

    /// Matches a field's text given as UTF-8 bytes; nil when it does not fit the pattern.
    /// `insurance`: the layout's insurance values as UTF-8, longest first.
    func match(_ u: UnsafeRawBufferPointer, insurance tokens: [([UInt8], Insurance)]) -> Match? {
        var m = Match()
        var i = 0
        for (k, piece) in pieces.enumerated() {
            switch piece {
            case .literal(let l):
                guard has(l, in: u, at: i) else { return nil }
                i += l.count
            case .year:
                guard i + 4 <= u.count else { return nil }
                var y = 0
                for c in u[i..<i + 4] { guard c >= 0x30, c <= 0x39 else { return nil }; y = y * 10 + Int(c - 0x30) }
                m.year = y
                i += 4
            case .insurance:
                guard let (token, ins) = tokens.first(where: { has($0.0, in: u, at: i) }) else { return nil }
                m.insurance = ins
                i += token.count
            case .id:
                var end = u.count
                if k + 1 < pieces.count, case .literal(let next) = pieces[k + 1] {
                    guard let r = find(next, in: u, from: i) else { return nil }
                    end = r
                }
                m.id = i..<end
                i = end
            }
        }
        return i == u.count ? m : nil
    }

    /// Whether `needle` stands in `hay` at `at`.
    @inline(__always)
    private func has(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, at: Int) -> Bool {
        at + needle.count <= hay.count
            && needle.withUnsafeBytes { memcmpEqual($0, UnsafeRawBufferPointer(rebasing: hay[at..<at + needle.count])) }
    }

    private func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], has(needle, in: hay, at: i) { return i }
            i += 1
        }
        return nil
    }
}
