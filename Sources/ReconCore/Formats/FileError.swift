/// Why a whole file is quarantined (FORMATS.md "Damaged input"); stored as `files_v1.error`.
public struct FileError: Error, Sendable, CustomStringConvertible, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }

    public static let unrecognisedName = FileError("unrecognised name")

    /// A broken line in a file whose control totals can then no longer be verified.
    static func brokenLine(_ line: Int, _ e: LineError) -> FileError {
        FileError("line \(line): \(e.reason) (control totals cannot be verified)")
    }
    static func undecodable(line: Int, encoding: TextEncoding, offset: Int) -> FileError {
        FileError("line \(line): cannot be decoded as \(encoding == .gb18030 ? "GB18030" : "UTF-8") (invalid or cut-off byte sequence at byte \(offset + 1))")
    }
    static func nulByte(line: Int, offset: Int) -> FileError {
        FileError("line \(line): NUL byte at byte \(offset + 1) (binary data, not text)")
    }
}
