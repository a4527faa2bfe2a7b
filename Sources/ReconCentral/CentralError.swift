/// What went wrong with the central store, in words an operator acts on. No case carries a password.
public enum CentralError: Error, CustomStringConvertible, Equatable {
    /// The server could not be reached or refused the login.
    case connect(url: String, reason: String)
    /// The connection broke during the work.
    case connectionLost(url: String, reason: String)
    /// A statement failed: SQLSTATE, the server's message, the statement's first line.
    case server(state: String, message: String, sql: String)
    /// The roster holds 乡镇代码 of another county: nothing is pushed.
    case countyMismatch(county: String, towns: [String])
    /// The county's database has no reconciliation run to push yet.
    case nothingToPush(database: String)
    /// `recon-central migrate` has not been run, or by an older recon-central.
    case schema(String)
    case badArgument(String)

    public var description: String {
        switch self {
        case .connect(let url, let reason):
            return "cannot connect to the central store \(url): \(reason)"
        case .connectionLost(let url, let reason):
            return "the connection to the central store\(url.isEmpty ? "" : " " + url) broke: \(reason)"
        case .server(let state, let message, let sql):
            let first = sql.split(separator: "\n").first { !$0.hasPrefix("--") && !$0.isEmpty }.map(String.init) ?? ""
            return "the central store refused \(first.prefix(80))\(first.count > 80 ? "…" : ""): \(message)\(state.isEmpty ? "" : " (SQLSTATE \(state))")"
        case .countyMismatch(let county, let towns):
            let shown = towns.prefix(5).joined(separator: ", ") + (towns.count > 5 ? " and \(towns.count - 5) more" : "")
            return "the roster holds 乡镇代码 outside county \(county) (\(shown)): check `county` in [central]; nothing was pushed"
        case .nothingToPush(let db):
            return "\(db) has no finished reconciliation run to push yet"
        case .schema(let s), .badArgument(let s):
            return s
        }
    }
}
