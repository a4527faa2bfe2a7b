import Foundation
import SQLiteStore

/// A consistent copy of a live database (`recond backup`): SQLite's `VACUUM INTO` reads one committed
/// state through a read-only connection — a daemon may go on writing meanwhile — into a new file
/// beside the target, which is checked (`quick_check`), synced and only then linked to the target's
/// name. The target is never overwritten; a failed backup leaves nothing behind. The copy is created
/// 0600: it holds ID numbers and names.
public struct Backup {
    public var database: String
    public var target: String

    public init(database: String, target: String) {
        self.database = database
        self.target = target
    }

    /// What was copied.
    public struct Summary: Sendable {
        public var bytes: Int64
        public var files: Int
        public var findings: Int
        public var reviews: Int
        public var seconds: Double

        public var text: String {
            String(format: "recond backup: %.1f MB, %d files, %d findings, %d review decisions in %.2f s",
                   Double(bytes) / 1e6, files, findings, reviews, seconds)
        }
    }

    public func run() throws -> Summary {
        let started = Date()
        try DatabaseFile.checkExisting(database)
        try DatabaseFile.checkIsRecon(database)
        var st = stat()
        if lstat(target, &st) == 0 { throw BackupError.targetExists(target) }
        let folder = (target as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder),
              isFolder.boolValue else { throw BackupError.missingFolder(target: target, folder: folder) }
        let temp = (folder.isEmpty ? "" : folder + "/") + ".\((target as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            try SideFile.createFile(temp, modeOf: temp)
            let source = try Connection(path: database, readOnly: true)
            try source.prepare("VACUUM INTO ?", persistent: false).run([.text(temp)])
            source.close()
            let copy = try Connection(path: temp, readOnly: true)
            let check = try copy.scalarText("PRAGMA quick_check") ?? ""
            guard check == "ok" else { throw BackupError.copyDamaged(temp: temp, check: check) }
            let counts = try ["files", "findings", "reviews"].map { Int(try copy.scalarInt("SELECT count(*) FROM \($0)") ?? 0) }
            copy.close()
            try SideFile.sync(temp)
            // link(2), not rename(2): a target that appeared meanwhile is not replaced.
            guard link(temp, target) == 0 else {
                throw errno == EEXIST ? BackupError.targetExists(target) : BackupError.system("link", target, errno)
            }
            unlink(temp)
            SideFile.syncFolder(of: target)
            guard stat(target, &st) == 0 else { throw BackupError.system("stat", target, errno) }
            return Summary(bytes: Int64(st.st_size), files: counts[0], findings: counts[1], reviews: counts[2],
                           seconds: Date().timeIntervalSince(started))
        } catch {
            unlink(temp)
            throw error
        }
    }
}

/// Why a backup was not made.
public enum BackupError: Error, CustomStringConvertible, Equatable {
    case targetExists(String)
    case missingFolder(target: String, folder: String)
    case copyDamaged(temp: String, check: String)
    case system(String, String, Int32)

    public var description: String {
        switch self {
        case .targetExists(let t):
            return "\(t) already exists: a backup never replaces a file; give a new name"
        case .missingFolder(let t, let folder):
            return "cannot write \(t): the folder \(folder) does not exist"
        case .copyDamaged(_, let check):
            return "the copy failed SQLite's check (\(check)); nothing was kept"
        case .system(let call, let path, let e):
            return "\(call) \(path): \(String(cString: strerror(e)))"
        }
    }
}
