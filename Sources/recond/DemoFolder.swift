import Foundation
import ReconCore
import ReconSynth
import SQLiteStore

/// The folder `recond demo` writes: `inbox/`, `manifest.json`, `recon.sqlite` and a marker file
/// (`.recon-demo`) that says the demo made them. The demo replaces only what an earlier demo made
/// there: it refuses a folder holding a database, an inbox or a manifest it did not make, a database
/// a daemon is using (the caller holds its lock), a database that took in files the demo did not
/// generate, and — unless told to replace them — review decisions someone recorded on a demo.
struct DemoFolder {
    static let markerName = ".recon-demo"
    let path: String
    var database: String { path + "/recon.sqlite" }
    var marker: String { path + "/" + Self.markerName }
    var manifest: String { path + "/manifest.json" }

    /// Makes the folder the demo's: creates it (and the marker) when it is missing or empty, accepts
    /// it when an earlier demo marked it, refuses it when it holds recon's names without the marker.
    func claim() throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw DemoFolderError.notAFolder(path) }
            if fm.fileExists(atPath: marker) { return }
            let taken = ["recon.sqlite", "recon.sqlite-wal", "inbox", "manifest.json"].filter {
                fm.fileExists(atPath: path + "/" + $0)
            }
            guard taken.isEmpty else { throw DemoFolderError.notTheDemos(folder: path, found: taken) }
        } else {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        guard fm.createFile(atPath: marker, contents: Data("made by recond demo; it may replace the demo's files here\n".utf8)) else {
            throw DemoFolderError.cannotWrite(marker)
        }
    }

    /// Removes the earlier demo's database (with its log and view snapshot) after checking that it
    /// holds only the demo's files and, unless `replacingReviews`, no review decision. Returns a line
    /// for the operator when something was replaced. The caller holds the database's instance lock.
    func clearEarlierDatabase(replacingReviews: Bool) throws -> String? {
        try DistrictGenerator.checkInbox(of: path)
        guard FileManager.default.fileExists(atPath: database) else { return nil }
        let generated = Set(try DistrictGenerator.manifestFileNames(in: path))
        let (files, reviews, foreign): (Int, Int, [String]) = try {
            let store = try Store(path: database, readOnly: true)
            // An empty file (a crash before the first write, or a stray `sqlite3` open) holds nothing.
            guard try store.db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name IN ('files', 'reviews')") == 2 else {
                return (0, 0, [])
            }
            let names = try store.db.prepare("SELECT DISTINCT name FROM files", persistent: false).query()
                .compactMap { row -> String? in if case .text(let t) = row[0] { return t } else { return nil } }
            let reviews = Int(try store.db.scalarInt("SELECT count(*) FROM reviews") ?? 0)
            return (names.count, reviews, names.filter { !generated.contains($0) })
        }()
        guard foreign.isEmpty else { throw DemoFolderError.foreignFiles(database: database, names: foreign) }
        if reviews > 0 && !replacingReviews { throw DemoFolderError.hasReviews(database: database, count: reviews) }
        for name in [database, database + "-wal", database + "-shm", ViewSnapshot.path(forDatabase: database) ?? database + ".view"]
            where FileManager.default.fileExists(atPath: name) {
            try FileManager.default.removeItem(atPath: name)
        }
        return "replacing the earlier demo's database in \(path) (\(files) files\(reviews > 0 ? ", \(reviews) review decisions" : ""))"
    }
}

/// Why the demo would not write into a folder; nothing was changed.
enum DemoFolderError: Error, CustomStringConvertible {
    case notAFolder(String)
    case notTheDemos(folder: String, found: [String])
    case foreignFiles(database: String, names: [String])
    case hasReviews(database: String, count: Int)
    case cannotWrite(String)

    var description: String {
        switch self {
        case .notAFolder(let p):
            return "\(p) is not a folder: give --out a folder for the demo"
        case .notTheDemos(let folder, let found):
            return "\(folder) holds \(found.joined(separator: ", ")) that recond demo did not make; "
                + "nothing was changed: give --out a new or empty folder"
        case .foreignFiles(let database, let names):
            let shown = names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
            return "\(database) has taken in \(names.count) files the demo did not generate (\(shown)); "
                + "nothing was changed: give --out a new or empty folder"
        case .hasReviews(let database, let count):
            return "\(database) holds \(count) review decisions; nothing was changed: "
                + "give --out a new folder, or --replace to replace that demo with its reviews"
        case .cannotWrite(let p):
            return "cannot write \(p)"
        }
    }
}
