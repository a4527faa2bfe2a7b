/// A line that did not count, with its place and reason (`rejects_v1`).
public struct RejectedLine: Sendable, Hashable {
    public var line: Int
    var reason: String
    /// The line as received, decoded where possible (invalid bytes replaced).
    var raw: String
    init(line: Int, reason: String, raw: String) { self.line = line; self.reason = reason; self.raw = raw }
}
