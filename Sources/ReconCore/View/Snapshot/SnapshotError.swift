/// Why a view snapshot was not used. None of these fails a run: the view is then loaded from the
/// tables and a fresh snapshot written.
enum SnapshotError: Error, Equatable, CustomStringConvertible {
    /// No snapshot file beside the database.
    case missing
    /// Not a snapshot of this format or of this build's layout.
    case otherFormat
    /// Made from another database, another schema, or before rows were changed or deleted in place.
    case stale(String)
    /// Shorter than its sections say, or a section's checksum does not match.
    case damaged(String)
    /// Reading or writing the file failed.
    case system(String, Int32)

    var description: String {
        switch self {
        case .missing: "no view snapshot"
        case .otherFormat: "the view snapshot is of another format"
        case .stale(let why): "the view snapshot is stale: \(why)"
        case .damaged(let why): "the view snapshot is damaged: \(why)"
        case .system(let what, let e): "view snapshot: \(what): \(String(cString: strerror(e)))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
