import ReconCore

/// Masking for what is published (RULES.md, publication roster): ID numbers show their first 6 and
/// last 4 characters, names their first character.
public enum Mask {
    /// `370406********1234` for an 18-character number; a text of 10 characters or fewer is masked whole.
    public static func idNumber(_ id: String) -> String {
        // ID numbers are ASCII (digits and X): bytes are characters, no grapheme breaking needed.
        if id.utf8.allSatisfy({ $0 < 0x80 }) {
            let b = Array(id.utf8)
            guard b.count > 10 else { return String(repeating: "*", count: b.count) }
            return String(decoding: b[..<6], as: UTF8.self) + String(repeating: "*", count: b.count - 10)
                + String(decoding: b[(b.count - 4)...], as: UTF8.self)
        }
        let c = Array(id)
        guard c.count > 10 else { return String(repeating: "*", count: c.count) }
        return String(c.prefix(6)) + String(repeating: "*", count: c.count - 10) + String(c.suffix(4))
    }

    /// `张**` for a three-character name: every character after the first becomes `*`, and there is
    /// always at least one `*`, so a published name never reads as complete.
    public static func name(_ name: String) -> String {
        let c = Array(name.trimmingSpaces)
        guard let first = c.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, c.count - 1))
    }
}
