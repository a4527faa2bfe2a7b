/// How much a finding matters (RULES.md): `high`, `medium` or `info`.
public enum Severity: String, Sendable, CaseIterable, Codable, Comparable {
    case high, medium, info

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// high 0, medium 1, info 2.
    var rank: Int {
        switch self {
        case .high: return 0
        case .medium: return 1
        case .info: return 2
        }
    }
}
