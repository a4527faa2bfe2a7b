/// Why a path cannot serve as recon's database; each says which path and what was expected.
public enum DatabaseFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path names a folder.
    case folder(path: String)
    /// The path is a device, socket or pipe.
    case notAFile(path: String)
    /// The database should exist (a report, a backup) but does not.
    case missing(path: String)
    /// The database would be created in a folder that does not exist.
    case missingFolder(path: String, folder: String)
    /// The file is not a SQLite database.
    case notSQLite(path: String)
    /// A SQLite database of another program.
    case notRecon(path: String, tables: [String])
    /// The file cannot be read.
    case unreadable(path: String, reason: String)
    /// A SQLite file SQLite cannot read (damaged pages).
    case damaged(path: String, reason: String)

    public var description: String {
        switch self {
        case .folder(let p):
            let inside = p.hasSuffix("/") ? p + "recon.sqlite" : p + "/recon.sqlite"
            return "\(p) is a folder, not a database file: give the database file (for example \(inside))"
        case .notAFile(let p):
            return "\(p) is not a regular file: give recon's database file"
        case .missing(let p):
            return "no database at \(p): give the file recond writes (its --db or the database of its configuration)"
        case .missingFolder(let p, let folder):
            return "cannot create the database \(p): the folder \(folder) does not exist (nothing was created)"
        case .notSQLite(let p):
            return "\(p) is not a SQLite database (it does not start with \"SQLite format 3\"); "
                + "nothing was changed: give recon's database, or a new file name to create one"
        case .notRecon(let p, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(p) is a SQLite database of another program (tables \(shown); no recon schema); "
                + "nothing was changed: give recon's database, or a new file name to create one"
        case .unreadable(let p, let reason):
            return "cannot read the database \(p): \(reason)"
        case .damaged(let p, let reason):
            return "\(p) is damaged (\(reason)); nothing was changed: restore it from a backup (recond backup)"
        }
    }
}
