/// What an account may do on the review desk; the server checks it on every request.
public enum Role: String, CaseIterable, Sendable {
    /// The audit bureau: reviews findings (confirm, dismiss, escalate).
    case auditor
    /// The tax office: reads findings and 钱表相符.
    case tax
    /// Finance: reads the subsidies.
    case finance
    /// Reads masked data only (ID 6 + 4, the first character of a name).
    case viewer
    /// Manages accounts.
    case admin
}
