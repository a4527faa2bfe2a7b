import ReconAuth

/// Who a request comes from: the account of its session, and the session's CSRF token.
struct DeskAccount: Sendable {
    var name: String
    var role: Role
    var csrf: String

    /// Auditors decide on findings; everyone else reads.
    var mayReview: Bool { role == .auditor }
    /// Viewers see ID numbers as 6 + 4 and names by their first character.
    var seesMasked: Bool { role == .viewer }
}
