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

    struct Match: Equatable, Sendable {
        var id: String?
        var insurance: Insurance?
        var year: Int?
    }

    /// Matches UTF-8 text; nil when it does not fit the pattern.
    func match(_ text: String, insuranceValues: [String: Insurance]) -> Match? {
        let u = Array(text.utf8)
        var m = Match()
        var i = 0
        for (k, piece) in pieces.enumerated() {
            switch piece {
            case .literal(let l):
                guard i + l.count <= u.count, Array(u[i..<i + l.count]) == l else { return nil }
                i += l.count
            case .year:
                guard i + 4 <= u.count else { return nil }
                var y = 0
                for c in u[i..<i + 4] { guard c >= 0x30, c <= 0x39 else { return nil }; y = y * 10 + Int(c - 0x30) }
                m.year = y
                i += 4
            case .insurance:
                var found = false
                for (token, ins) in insuranceValues.sorted(by: { $0.key.utf8.count > $1.key.utf8.count }) {
                    let t = Array(token.utf8)
                    if i + t.count <= u.count, Array(u[i..<i + t.count]) == t {
                        m.insurance = ins; i += t.count; found = true; break
                    }
                }
                if !found { return nil }
            case .id:
                var end = u.count
                if k + 1 < pieces.count, case .literal(let next) = pieces[k + 1] {
                    guard let r = find(next, in: u, from: i) else { return nil }
                    end = r
                }
                m.id = String(decoding: u[i..<end], as: UTF8.self)
                i = end
            }
        }
        return i == u.count ? m : nil
    }

    private func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], Array(hay[i..<i + needle.count]) == needle { return i }
            i += 1
        }
        return nil
    }
}
