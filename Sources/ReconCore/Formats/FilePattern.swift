/// A file-name pattern that recognises a format and finds the file date in the name.
///
/// `*` matches one or more characters, `{date}` eight digits `YYYYMMDD`, `{date6}` six digits
/// `yyMMdd` (20yy); every other character matches itself. Bank batch numbers start with their date:
/// `bank_*_{date}*_hp.txt.gz`.
struct FilePattern: Sendable, Hashable, CustomStringConvertible {
    enum Piece: Sendable, Hashable { case literal(Unicode.Scalar), any, date8, date6 }
    let pieces: [Piece]
    let description: String

    init?(_ template: String) {
        var p: [Piece] = []
        var s = Substring(template)
        while let c = s.unicodeScalars.first {
            if s.hasPrefix("{date}") { p.append(.date8); s = s.dropFirst(6) }
            else if s.hasPrefix("{date6}") { p.append(.date6); s = s.dropFirst(7) }
            else if c == "*" { p.append(.any); s = s.dropFirst() }
            else if c == "{" || c == "}" { return nil }
            else { p.append(.literal(c)); s = Substring(s.unicodeScalars.dropFirst()) }
        }
        guard !p.isEmpty else { return nil }
        pieces = p
        description = template
    }

    /// The file date when the name matches (nil date when the pattern has none); nil when it does not.
    func match(_ name: String) -> (matched: Bool, date: LocalDate?) {
        let u = Array(name.unicodeScalars)
        var date: LocalDate? = nil
        let ok = match(u, 0, 0, &date)
        return (ok, ok ? date : nil)
    }

    private func match(_ u: [Unicode.Scalar], _ i: Int, _ k: Int, _ date: inout LocalDate?) -> Bool {
        if k == pieces.count { return i == u.count }
        switch pieces[k] {
        case .literal(let c):
            return i < u.count && u[i] == c && match(u, i + 1, k + 1, &date)
        case .any:
            var j = i + 1
            while j <= u.count {
                if match(u, j, k + 1, &date) { return true }
                j += 1
            }
            return false
        case .date8, .date6:
            let n = pieces[k] == .date8 ? 8 : 6
            guard i + n <= u.count else { return false }
            var v = 0
            for c in u[i..<i + n] {
                guard c.value >= 0x30, c.value <= 0x39 else { return false }
                v = v * 10 + Int(c.value - 0x30)
            }
            let d = n == 8 ? LocalDate(validYear: v / 10000, month: v / 100 % 100, day: v % 100)
                           : LocalDate(validYear: 2000 + v / 10000, month: v / 100 % 100, day: v % 100)
            guard let d else { return false }
            let saved = date
            date = d
            if match(u, i + n, k + 1, &date) { return true }
            date = saved
            return false
        }
    }
}
