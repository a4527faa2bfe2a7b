import Foundation
import SQLiteStore

/// What recon checks about a database path before it takes a lock on it or opens it, so that a
/// mistake (a folder, a text file, another program's SQLite file, a folder that does not exist) is
/// refused in the operator's terms and leaves nothing behind: no lock file, no empty database.
public enum DatabaseFile {
    /// Checks `path` for a run that may create the database: it is either missing in a folder that
    /// exists, or an existing SQLite file.
    public static func checkWritable(_ path: String) throws {
        try check(path, mayCreate: true)
    }

    /// Checks that `path` is an existing SQLite file (reports, backups, purges, reviews).
    public static func checkExisting(_ path: String) throws {
        try check(path, mayCreate: false)
    }

    private static func check(_ path: String, mayCreate: Bool) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let e = errno
            guard e == ENOENT else { throw DatabaseFileError.unreadable(path: path, reason: String(cString: strerror(e))) }
            guard mayCreate else { throw DatabaseFileError.missing(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
                  isFolder.boolValue else {
                throw DatabaseFileError.missingFolder(path: path, folder: folder)
            }
            return
        }
        if st.st_mode & S_IFMT == S_IFDIR { throw DatabaseFileError.folder(path: path) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw DatabaseFileError.notAFile(path: path) }
        // The header is read by SQLite (`checkIsRecon`), never through a descriptor of our own: closing
        // any descriptor of the file drops every POSIX lock this process holds on it, those of the
        // SQLite connections already open on it included (the daemon and its review desk).
    }

    /// Throws `DatabaseFileError.notRecon` when the SQLite file at `path` holds tables but not recon's
    /// (`meta`, `files`, `records`): another program's database, which recon must not change — not
    /// even its journal mode, so this looks through a read-only connection of its own.
    public static func checkIsRecon(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0, st.st_size > 0 else { return }
        let tables: [String]
        do {
            let db = try Connection(path: path, readOnly: true)
            defer { db.close() }
            tables = try db.prepare("""
                SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name
                """, persistent: false).query().compactMap { row -> String? in
                if case .text(let t) = row[0] { return t }
                return nil
            }
        } catch let e as SQLiteError where e.isNotADatabase {
            throw DatabaseFileError.notSQLite(path: path)
        } catch let e as SQLiteError where e.primaryCode == 8 || e.primaryCode == 5 {
            // Read-only (a hot journal left by a killed writer, which only a writer rolls back) or busy:
            // the opening that follows decides.
            return
        } catch let e as SQLiteError {
            throw DatabaseFileError.damaged(path: path, reason: e.message)
        }
        guard tables.isEmpty || Set(["meta", "files", "records"]).isSubset(of: tables) else {
            throw DatabaseFileError.notRecon(path: path, tables: tables)
        }
    }
}
