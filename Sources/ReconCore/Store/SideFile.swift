import SQLiteStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new or empty database built in a side file and renamed into place: a county's first load (its
/// year at once) is written without a journal, and a crash at any moment leaves the database as it
/// was (empty), never half of one.
///
/// - `begin` takes the empty database out of WAL mode, which SQLite allows only while no other
///   connection has it open; copies it (schema, runs, meta) into `<database>.building` (with the
///   database's mode, 0600 when recon created it) with `VACUUM INTO`; and points the store's
///   connection at that file (`Connection.exchangeHandle`), opened with `journal_mode=OFF`,
///   `synchronous=OFF` and a large page cache. The ingest writes it in one transaction
///   (`StoreWriter` in bulk mode).
/// - `install` syncs the side file and renames it over the database, then syncs the folder.
///   Nothing the ingest wrote counts before that rename, so the ingest reports no file's outcome
///   (the daemon moves no file) until then.
/// - `abandon` deletes the side file and points the store's connection at the database again, in
///   WAL mode.
/// - `reopen` points the store's connection at the renamed file (WAL).
///
/// A side file a crash left behind is junk: the next `begin` deletes it (recond holds the
/// instance lock, so no other build can be using it).
final class SideFile {
    static let suffix = ".building"
    /// The side file's page cache, in KiB. The bulk writer's tables grow at their right edge, so a
    /// large cache only holds dirty pages longer: on the scale-1.0 county 8, 16, 32 and 64 MB cost
    /// the writer 3.0-3.3, 2.7-2.8, 2.65-2.7 and 2.6-2.7 s of CPU, and 64 MB made the ingest the
    /// run's peak of memory (+25 MB).
    static let cacheKiB = 32_768

    let store: Store
    /// The empty database's handle, in rollback (DELETE) mode while the store's connection has the
    /// side file's; after `install`, the replaced file's.
    let original: Connection
    let path: String
    /// `PRAGMA data_version` of `original` when the copy was taken; another connection's commit changes it.
    let version: Int64

    private init(store: Store, original: Connection, path: String, version: Int64) {
        self.store = store
        self.original = original
        self.path = path
        self.version = version
    }

    /// Starts building `store`'s database in a side file; nil when it is not a new or empty
    /// database file (a link would be replaced by the renamed file: not one either), or another
    /// connection has it open (then the ingest writes it in place).
    static func begin(_ store: Store) -> SideFile? {
        let db = store.db
        let target = store.path
        var st = stat()
        guard !(target.isEmpty || target == ":memory:" || target.hasPrefix("file:")),
              lstat(target, &st) == 0, st.st_mode & S_IFMT == S_IFREG, !db.inTransaction,
              !db.hasStatements, (try? store.isEmpty()) == true else { return nil }
        db.setBusyTimeout(milliseconds: 0)
        let mode = try? db.scalarText("PRAGMA journal_mode=DELETE")
        db.setBusyTimeout(milliseconds: Connection.defaultBusyTimeoutMilliseconds)
        guard mode == "delete" else { return nil }
        let side = target + suffix
        do {
            try createFile(side, modeOf: target)
            let version = try db.scalarInt("PRAGMA data_version") ?? 0
            try db.prepare("VACUUM INTO ?", persistent: false).run([.text(side)])
            let building = try Connection(path: side, create: false, journal: .off)
            try building.execute("PRAGMA cache_size = -\(cacheKiB)")
            db.exchangeHandle(with: building)
            store.building = side
            return SideFile(store: store, original: building, path: side, version: version)
        } catch {
            unlink(side)
            _ = try? db.execute("PRAGMA journal_mode=WAL")
            return nil
        }
    }

    /// Back to SQLite's default page cache once the ingest is written: what is done in the side file
    /// after it (`Ingestor.inSideFile`) reads and writes as an ordinary connection would.
    func workingCache() throws {
        try store.db.execute("PRAGMA cache_size = -2000")
    }

    /// Syncs the side file and renames it over the database. Throws only before the rename (the
    /// caller then abandons the side file); once it returns, the side file is the database.
    func install() throws {
        guard !store.db.hasStatements else { throw SideFileError.statementsAlive }
        store.db.close()
        try Self.sync(path)
        // Nobody may open the old file from here on: a connection that had it open could put it
        // back in WAL mode after the rename and share the new file's -wal and -shm, which go by
        // name. The lock is held as long as the store lives (`Store.replaced`).
        try original.execute("BEGIN EXCLUSIVE")
        guard try original.scalarText("PRAGMA journal_mode") == "delete",
              try original.scalarInt("PRAGMA data_version") == version,
              access(store.path + "-wal", F_OK) != 0, access(store.path + "-shm", F_OK) != 0 else {
            throw SideFileError.databaseChanged(store.path)
        }
        guard rename(path, store.path) == 0 else { throw SideFileError.system("rename", path, errno) }
        store.building = nil
        store.replaced = original
        Self.syncFolder(of: store.path)
    }

    /// After `install`: the store's connection opens the renamed file, in WAL mode.
    func reopen() throws {
        store.db.exchangeHandle(with: try Connection(path: store.path))
    }

    /// Deletes the side file; the store's connection has the database again, in WAL mode.
    func abandon() {
        store.db.close()
        store.building = nil
        unlink(path)
        store.db.exchangeHandle(with: original)
        if store.db.inTransaction { _ = try? store.db.execute("ROLLBACK") }
        _ = try? store.db.execute("PRAGMA journal_mode=WAL")
    }

    /// Creates `path` (replacing what a crashed build left) with the permissions of `model`.
    static func createFile(_ path: String, modeOf model: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw SideFileError.system("unlink", path, errno) }
        var st = stat()
        let mode = stat(model, &st) == 0 ? st.st_mode & 0o777 : 0o600
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SideFileError.system("create", path, errno) }
        defer { close(fd) }
        if mode != 0o600 && fchmod(fd, mode) != 0 { throw SideFileError.system("chmod", path, errno) }
    }

    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SideFileError.system("open", path, errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SideFileError.system("fsync", path, errno) }
    }

    /// Makes the rename durable. Best effort: the rename has happened either way.
    static func syncFolder(of path: String) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// Why a side file was not installed (the ingest then writes the database in place).
enum SideFileError: Error, CustomStringConvertible {
    case statementsAlive
    case databaseChanged(String)
    case system(String, String, Int32)

    var description: String {
        switch self {
        case .statementsAlive: return "the side file still has prepared statements"
        case .databaseChanged(let path): return "\(path) was opened for writing while its side file was built"
        case .system(let call, let path, let e): return "\(call) \(path): \(String(cString: strerror(e)))"
        }
    }
}
