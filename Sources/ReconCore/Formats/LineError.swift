/// Why one line was rejected: the reason a reviewer reads in `rejects_v1`.
///
/// Reasons never quote ID numbers or names (they are personal data); they name the field.
public struct LineError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }

    static func fieldCount(expected: Int, got: Int) -> LineError {
        LineError("wrong field count: expected \(expected), got \(got)")
    }
    static func width(expected: Int, got: Int) -> LineError {
        LineError("wrong line width: expected \(expected) bytes, got \(got)")
    }
}
