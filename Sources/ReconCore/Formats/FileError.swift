/// Why a whole file is quarantined (FORMATS.md "Damaged input"); stored as `files_v1.error`.
///
/// `description` is the stored text: public contract, compared byte for byte outside the project.
///
/// `indirect`: one pointer (80 bytes inline), so a parser's `failure: FileError?` costs one compare
/// per line and `throws(FileError)` returns as little as the former struct of one String did.
public indirect enum FileError: Error, Sendable, CustomStringConvertible, Hashable {
    /// The name matches no format.
    case unrecognisedName
    /// An inbox entry that can never be ingested (`Inbox.Refused`).
    case symbolicLink, directory, nameNotUTF8, notRegularFile
    /// The gzip stream could not be inflated.
    case gzip(GzipError)
    /// A line that does not end within `limit` bytes.
    case lineTooLong(line: Int, limit: Int)
    /// A byte sequence invalid in the format's encoding (`offset`: 0-based in the line).
    case undecodable(line: Int, encoding: TextEncoding, offset: Int)
    case nulByte(line: Int, offset: Int)
    /// A UTF-8 byte-order mark after the first line: files joined.
    case byteOrderMark(line: Int, offset: Int)
    /// A broken line in a file whose control totals can then no longer be verified.
    case brokenLine(line: Int, LineError)
    /// Reference and ledger CSV: the first line is empty, or not the specified header, or missing.
    case headerEmptyLine
    case headerNotSpecified(line: Int, expected: [String])
    case emptyFileHeaderMissing
    /// Statements: the header is not the layout's, or has the wrong number of values.
    case headerNotLayout(line: Int, layout: String)
    case headerFieldCount(line: Int, got: Int, expected: Int)
    case emptyFile
    case headerMissing
    /// A footer, trailer or header record that carries the control totals is missing.
    case summaryLinesMissing
    case trailerMissing(String)
    case alipayFooterMissing
    case alipayFooterUnparsable
    case bankBatchHeaderMalformed
    case ccbPosHeaderMissing
    /// Control totals that do not parse, or disagree with the rows.
    case totalsCountUnparsable(what: String, got: String)
    case totalsAmountUnparsable(what: String, got: String)
    case wechatCountUnparsable(got: String)
    case wechatAmountUnparsable
    case totalsMismatch(what: String, declared: String, actual: String)
    /// Anything else thrown while reading (not expected).
    case unexpected(String)

    public var description: String {
        switch self {
        case .unrecognisedName: return "unrecognised name"
        case .symbolicLink: return "symbolic link (never followed)"
        case .directory: return "a directory, not a file"
        case .nameNotUTF8: return "file name is not valid UTF-8 (stored with \\xNN escapes)"
        case .notRegularFile: return "not a regular file (a device, pipe or socket)"
        case .gzip(let e): return e.description
        case .lineTooLong(let line, let limit): return "line \(line): longer than \(limit) bytes without a line end"
        case .undecodable(let line, let encoding, let offset):
            return "line \(line): cannot be decoded as \(encoding == .gb18030 ? "GB18030" : "UTF-8") (invalid or cut-off byte sequence at byte \(offset + 1))"
        case .nulByte(let line, let offset): return "line \(line): NUL byte at byte \(offset + 1) (binary data, not text)"
        case .byteOrderMark(let line, let offset):
            return "line \(line): byte-order mark (EF BB BF) at byte \(offset + 1), inside the file (files joined?)"
        case .brokenLine(let line, let e): return "line \(line): \(e) (control totals cannot be verified)"
        case .headerEmptyLine: return "line 1: header missing (empty line)"
        case .headerNotSpecified(let line, let expected):
            return "line \(line): header is not the specified one (expected \(expected.joined(separator: ",")))"
        case .emptyFileHeaderMissing: return "empty file: header missing"
        case .headerNotLayout(let line, let layout): return "line \(line): header is not the \(layout) header"
        case .headerFieldCount(let line, let got, let expected):
            return "line \(line): header line has \(got) fields, expected \(expected)"
        case .emptyFile: return "empty file"
        case .headerMissing: return "header missing"
        case .summaryLinesMissing: return "summary lines missing"
        case .trailerMissing(let text): return "trailer \(text) missing (file truncated)"
        case .alipayFooterMissing: return "footer lines missing (#交易合计 / #退款合计)"
        case .alipayFooterUnparsable: return "footer totals do not parse"
        case .bankBatchHeaderMalformed: return "batch header missing or malformed"
        case .ccbPosHeaderMissing: return "header record H missing"
        case .totalsCountUnparsable(let what, let got): return "control totals: \(what) count '\(got.prefix(20))' does not parse"
        case .totalsAmountUnparsable(let what, let got): return "control totals: \(what) amount '\(got.prefix(20))' does not parse"
        case .wechatCountUnparsable(let got): return "summary: 总交易单数 '\(got.prefix(20))' does not parse"
        case .wechatAmountUnparsable: return "summary: an amount does not parse"
        case .totalsMismatch(let what, let declared, let actual):
            return "control totals disagree with rows: \(what) declared \(declared), rows give \(actual)"
        case .unexpected(let text): return text
        }
    }
}
