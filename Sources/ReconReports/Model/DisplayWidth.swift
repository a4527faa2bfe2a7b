/// Terminal display width: East Asian wide and fullwidth characters (Chinese, fullwidth digits and
/// punctuation) take two columns, combining marks none, everything else one — so tables of Chinese
/// names line up in a terminal.
public enum DisplayWidth {
    /// Columns `s` takes in a terminal.
    public static func of(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars { w += of(u) }
        return w
    }

    /// Columns one scalar takes.
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 || (v >= 0x300 && v <= 0x36F) || v == 0x200B || v == 0x200D || (v >= 0xFE00 && v <= 0xFE0F) {
            return 0
        }
        if v < 0x1100 { return 1 }
        if (v >= 0x1100 && v <= 0x115F) || v == 0x2329 || v == 0x232A
            || (v >= 0x2E80 && v <= 0x303E) || (v >= 0x3041 && v <= 0x33FF)
            || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
            || (v >= 0xA000 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
            || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6)
            || (v >= 0x1F300 && v <= 0x1F64F) || (v >= 0x1F900 && v <= 0x1F9FF)
            || (v >= 0x20000 && v <= 0x3FFFD) {
            return 2
        }
        return 1
    }

    /// `s` cut to at most `width` columns, ending in "…" when cut.
    static func truncate(_ s: String, to width: Int) -> String {
        guard of(s) > width else { return s }
        var out = ""
        var w = 0
        for u in s.unicodeScalars {
            let cw = of(u)
            if w + cw > width - 1 { break }
            out.unicodeScalars.append(u)
            w += cw
        }
        return out + "…"
    }

    /// `s` padded with spaces to `width` columns, on the right (left-aligned) or the left.
    public static func pad(_ s: String, to width: Int, right alignRight: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return alignRight ? fill + s : s + fill
    }
}
