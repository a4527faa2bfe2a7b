/// Masks ID numbers in free text as RULES.md asks for anything printed: the first 6 and the last 4
/// characters shown, the ones between as `*`.
///
/// Log lines carry file names, reasons and raw line excerpts, any of which may hold an ID number in
/// whatever shape it arrived (18 or 15 digits, a trailing X, full-width digits, a digit lost or
/// added), so every run of 15 to 18 digits — with a trailing `X`/`x`/`Ｘ` — that carries a possible
/// birth date where an ID has it (YYYYMMDD at the 7th character, YYMMDD for 15 digits) is masked.
/// Other runs are not ID numbers and stay readable: merchant and terminal numbers in file names
/// (`ccbpos_105370455110001_…`), times, amounts, SHA-256 digests.
public enum IDMask {
    /// Digits as they appear in received files: ASCII and full-width.
    @inline(__always)
    static func isDigit(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x30 && s.value <= 0x39) || (s.value >= 0xFF10 && s.value <= 0xFF19)
    }

    @inline(__always)
    static func isCheckX(_ s: Unicode.Scalar) -> Bool { s == "X" || s == "x" || s.value == 0xFF38 }

    /// The shortest digit run treated as an ID number (a 15-digit first-generation ID).
    static let minimumLength = 15

    /// One ID number masked: `110105********123X`.
    static func mask(_ id: String) -> String {
        let chars = Array(id.unicodeScalars)
        guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: chars[0..<6])
        out.append(contentsOf: repeatElement("*" as Unicode.Scalar, count: chars.count - 10))
        out.append(contentsOf: chars[(chars.count - 4)...])
        return String(out)
    }

    /// Whether a digit run (maybe ending in X) is shaped like an ID number: 15 to 18 characters with a
    /// possible birth date after the 6-digit region code.
    static func looksLikeID(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        guard (minimumLength...18).contains(run.count) else { return false }
        let d = run.map { s -> Int in
            if s.value >= 0x30 && s.value <= 0x39 { return Int(s.value - 0x30) }
            if s.value >= 0xFF10 && s.value <= 0xFF19 { return Int(s.value - 0xFF10) }
            return -1
        }
        func number(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for k in from..<(from + count) {
                guard d[k] >= 0 else { return nil }
                n = n * 10 + d[k]
            }
            return n
        }
        let month: Int?, day: Int?
        if run.count == 15 {
            guard d.allSatisfy({ $0 >= 0 }) else { return false }
            month = number(8, 2); day = number(10, 2)
        } else {
            guard let year = number(6, 4), (1900...2099).contains(year) else { return false }
            month = number(10, 2); day = number(12, 2)
        }
        guard let m = month, let dd = day else { return false }
        return (1...12).contains(m) && (1...31).contains(dd)
    }

    /// `text` with every ID-shaped run masked.
    public static func redact(_ text: String) -> String {
        // Fast path: most log text has no long digit run at all.
        var run = 0
        var found = false
        for s in text.unicodeScalars {
            if isDigit(s) { run += 1; if run >= minimumLength - 1 { found = true; break } } else { run = 0 }
        }
        guard found else { return text }

        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]), i == 0 || !isDigit(scalars[i - 1]) else {
                out.append(scalars[i]); i += 1; continue
            }
            var j = i
            while j < scalars.count, isDigit(scalars[j]) { j += 1 }
            // 17 digits and a check X make an 18-character ID.
            if j < scalars.count, isCheckX(scalars[j]), j - i >= minimumLength - 1 { j += 1 }
            let piece = String(String.UnicodeScalarView(scalars[i..<j]))
            if looksLikeID(scalars[i..<j]) {
                out.append(contentsOf: mask(piece).unicodeScalars)
            } else {
                out.append(contentsOf: piece.unicodeScalars)
            }
            i = j
        }
        return String(out)
    }
}
