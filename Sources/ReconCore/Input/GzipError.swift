/// Why a gzip file could not be inflated.
///
/// `description` is shown to operators as the reason a file was quarantined, so it is a
/// complete sentence and never contains file content.
public enum GzipError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The deflate data or a gzip header/trailer is invalid; zlib's message and the
    /// offset in the compressed file where it was detected.
    case corrupt(String)
    /// The file has no bytes at all (a transfer that failed or has not started writing).
    case empty
    /// The input ended before the end of a gzip member (cut-off download or copy).
    case truncated
    /// The expanded output exceeded the absolute cap.
    case tooLarge(limit: Int64)
    /// The expansion ratio exceeded the cap.
    case ratioExceeded(ratio: Int64, limit: Int64)
    /// The file does not start with the gzip magic bytes 1f 8b.
    case notGzip
    /// Reading the file failed.
    case io(String)

    public var description: String {
        switch self {
        case .corrupt(let detail):
            return "gzip data is corrupt: \(detail)"
        case .empty:
            return "gzip stream truncated: the file is empty (0 bytes), nothing was delivered; ask the sender to send it again"
        case .truncated:
            return "gzip stream truncated before the end of member"
        case .tooLarge(let limit):
            return "expanded size exceeds the cap of \(limit) bytes (decompression bomb?)"
        case .ratioExceeded(let ratio, let limit):
            return "compression ratio \(ratio):1 exceeds the cap of \(limit):1 (decompression bomb?)"
        case .notGzip:
            return "file is not gzip-compressed (missing 1f 8b magic bytes)"
        case .io(let detail):
            return "cannot read gzip file: \(detail)"
        }
    }
}
