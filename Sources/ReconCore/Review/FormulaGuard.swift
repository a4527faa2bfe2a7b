/// Spreadsheet formula injection (OWASP "CSV injection"): a cell whose text starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return may be run as a formula by Excel or LibreOffice. Such text — a
/// rejected line's raw bytes, a name or note typed by someone else — is written with a leading
/// apostrophe, which the spreadsheet shows as text; reading an edited sheet back takes it off again.
public enum FormulaGuard {
    static let leading: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `s` with an apostrophe before a formula's first character.
    public static func defused(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, leading.contains(first) else { return s }
        return "'" + s
    }

    /// `s` without the apostrophe `defused` added.
    public static func undefused(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, leading.contains(second) else { return s }
        return String(s.unicodeScalars.dropFirst())
    }
}
