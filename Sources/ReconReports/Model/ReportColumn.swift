/// A report column: its machine key (JSON, CSV of the findings), its title and the kind of its values.
public struct ReportColumn: Sendable, Equatable {
    /// What a column holds; decides alignment and number formats.
    public enum Kind: String, Sendable {
        case text, integer
        /// Integer fen, shown as yuan with two decimals (JSON keeps fen; keys end in `_fen`).
        case money
        /// `YYYY-MM-DD`.
        case date
        /// A ratio (0.953 is 95.3 %).
        case percent
    }

    var key: String
    var title: String
    var kind: Kind

    public init(_ key: String, _ title: String, _ kind: Kind = .text) {
        self.key = key; self.title = title; self.kind = kind
    }

    /// Right-aligned in tables (numbers).
    var isNumeric: Bool { kind == .integer || kind == .money || kind == .percent }
}
