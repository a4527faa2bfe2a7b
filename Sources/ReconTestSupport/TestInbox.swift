import Foundation
import ReconCore
import XCTest
import SQLiteStore

/// A temporary inbox and database for tests that ingest real files in the real formats.
package final class TestInbox {
    private let folder: TemporaryFolder
    package var root: String { folder.path }
    package var inbox: String { root + "/inbox" }
    package var database: String { root + "/recon.sqlite" }

    package init() throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
    }

    /// Writes text as a gzip'd file (GB18030 when `gbk`), with the format's line ending.
    package func write(_ name: String, lines: [String], gbk: Bool = false, crlf: Bool = false, bom: Bool = false) throws {
        let text = lines.joined(separator: crlf ? "\r\n" : "\n") + (crlf ? "\r\n" : "\n")
        var bytes = gbk ? GB18030.encode(text) : Array(text.utf8)
        if bom { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        try writeRaw(name, GzipWriter.compress(bytes))
    }

    package func writeRaw(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: inbox + "/" + name))
    }

    /// Copies sample files from `samples`.
    package func copySamples(_ names: [String]? = nil) throws {
        let dir = TestInbox.samples
        let all = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".gz") }
        for n in names ?? all {
            try FileManager.default.copyItem(atPath: dir + "/" + n, toPath: inbox + "/" + n)
        }
    }

    /// The samples of every input format, `Tests/Samples` in the repository (RECON_SAMPLES overrides).
    package static var samples: String {
        if let env = ProcessInfo.processInfo.environment["RECON_SAMPLES"] { return env }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Samples").path
    }

    package static func sample(_ name: String) throws -> [UInt8] {
        try GzipReader.inflate(Array(Data(contentsOf: URL(fileURLWithPath: samples + "/" + name))))
    }

    @discardableResult
    package func ingest() throws -> IngestSummary {
        let store = try Store(path: database)
        return try Ingestor(store: store).ingest(directory: inbox)
    }

    package func query(_ sql: String) throws -> [[SQLValue]] {
        let db = try Connection(path: database, readOnly: true)
        return try db.prepare(sql, persistent: false).query()
    }

    package func int(_ sql: String) throws -> Int {
        Int(try Connection(path: database, readOnly: true).scalarInt(sql) ?? -1)
    }

    /// files_v1 row of one file: (status, error, rows, rejected_rows).
    package func file(_ name: String) throws -> (status: String, error: String?, rows: Int, rejected: Int)? {
        let db = try Connection(path: database, readOnly: true)
        let s = try db.prepare("SELECT status, error, rows, rejected_rows FROM files_v1 WHERE name = ?", persistent: false)
        s.bind(1, name)
        guard try s.step() else { return nil }
        return (s.columnText(0)!, s.columnText(1), Int(s.columnInt64(2)), Int(s.columnInt64(3)))
    }
}
