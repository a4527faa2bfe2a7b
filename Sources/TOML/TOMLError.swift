import Foundation

/// A TOML syntax or structure error, located in the source text.
///
/// `line` and `column` are 1-based. The column counts Unicode scalars (characters as a
/// person sees them in an editor, tabs counting as one), not bytes, so errors inside
/// Chinese text point where the reader expects.
public struct TOMLError: Error, CustomStringConvertible, LocalizedError, Equatable, Sendable {
    public let line: Int
    public let column: Int
    public let message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 3, column 9: expected a value after '='`
    public var description: String { "line \(line), column \(column): \(message)" }

    public var errorDescription: String? { description }
}
