import Foundation
import ReconCore
import ReconSynth
import XCTest
import SQLiteStore
import ReconTestSupport

/// The generator's district through the real `recond` process: files, payments and findings equal its
/// manifest; a second run changes nothing; feeding it night by night ends where one run over all ends.
final class GeneratedDistrictTests: XCTestCase {
    static let options = DistrictGenerator.Options(scale: 0.02, seed: 11)

    func recond(_ args: [String]) throws -> (status: Int32, stderr: String) { try ToolProcess.recond(args) }


    func openFindings(_ db: Connection) throws -> Set<String> {
        Set(try db.prepare("SELECT code || ' ' || subject FROM findings_v1 WHERE status = 'open'", persistent: false)
            .query().map { row -> String in if case .text(let s) = row[0] { return s }; return "" })
    }

    func testRecondRunMatchesTheManifest() throws {
        let t = try TestInbox()
        let manifest = try DistrictGenerator(options: Self.options).generate(into: t.root)
        let db = t.root + "/recon.sqlite"
        let run = try recond(["run", "--once", "--inbox", t.inbox, "--db", db])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("files ingested"), run.stderr)

        let c = try Connection(path: db, readOnly: true)
        // Every file: status, rows and rejected rows as the generator made it.
        var files: [String: (String, Int, Int)] = [:]
        let s = try c.prepare("SELECT name, status, rows, rejected_rows FROM files_v1", persistent: false)
        while try s.step() { files[s.columnText(0)!] = (s.columnText(1)!, Int(s.columnInt64(2)), Int(s.columnInt64(3))) }
        XCTAssertEqual(files.count, manifest.files.count)
        for f in manifest.files {
            guard let got = files[f.name] else { XCTFail("no files_v1 row for \(f.name)"); continue }
            XCTAssertEqual(got.0, f.status, f.name)
            XCTAssertEqual(got.1, f.rows, "rows of \(f.name)")
            XCTAssertEqual(got.2, f.rejectedRows, "rejected rows of \(f.name)")
        }
        // payments_v1: per source file and in total.
        XCTAssertEqual(Int(try c.scalarInt("SELECT count(*) FROM payments_v1 WHERE kind = 'payment'") ?? -1), manifest.payments)
        XCTAssertEqual(Int(try c.scalarInt("SELECT count(*) FROM payments_v1 WHERE kind = 'reversal'") ?? -1), manifest.reversals)
        for f in manifest.files where f.payments + f.reversals > 0 {
            let n = try c.scalarInt("SELECT count(*) FROM payments_v1 WHERE source_file = ?", [.text(f.name)])
            XCTAssertEqual(Int(n ?? -1), f.payments + f.reversals, f.name)
        }
        // Findings: exactly the planted ones.
        let expected = Set(manifest.findings.map { "\($0.code) \($0.subject)" })
        let got = try openFindings(c)
        XCTAssertEqual(got.subtracting(expected).sorted(), [], "findings the manifest does not plant")
        XCTAssertEqual(expected.subtracting(got).sorted(), [], "planted findings not found")
        XCTAssertEqual(Set(manifest.findings.map(\.code)).count, 23, "every code planted")

        // A second run over the unchanged inbox changes nothing.
        let before = try c.prepare("SELECT code, subject, status, first_seen_at FROM findings_v1 ORDER BY 1, 2",
                                   persistent: false).query()
        let again = try recond(["run", "--once", "--inbox", t.inbox, "--db", db])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try c.prepare("SELECT code, subject, status, first_seen_at FROM findings_v1 ORDER BY 1, 2",
                                     persistent: false).query(), before)
        let runs = try c.prepare("SELECT findings_new, findings_resolved FROM runs_v1 ORDER BY run_id", persistent: false).query()
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs.last, [.int(0), .int(0)])
        XCTAssertEqual(Int(try c.scalarInt("SELECT count(*) FROM files_v1") ?? -1), manifest.files.count)
    }

    func testNightByNightEndsWhereOneRunEnds() throws {
        let t = try TestInbox()
        let manifest = try DistrictGenerator(options: Self.options).generate(into: t.root)
        // Group the inbox by file date; undated files (unrecognised names) arrive on the first night.
        let byDate = Dictionary(grouping: manifest.files, by: { $0.fileDate ?? "" })
        let nightly = t.root + "/nightly"
        try FileManager.default.createDirectory(atPath: nightly, withIntermediateDirectories: true)
        let store = try Store(path: t.root + "/nightly.sqlite")
        for date in byDate.keys.sorted() {
            for f in byDate[date]! {
                try FileManager.default.copyItem(atPath: t.inbox + "/" + f.name, toPath: nightly + "/" + f.name)
            }
            let ingest = try Ingestor(store: store).ingest(directory: nightly)
            _ = try ReconcileRun(store: store).run(ingest: ingest)
        }
        let once = try Store(path: t.root + "/once.sqlite")
        let ingest = try Ingestor(store: once).ingest(directory: t.inbox)
        _ = try ReconcileRun(store: once).run(ingest: ingest)

        let nightlyOpen = try openFindings(store.db)
        XCTAssertEqual(nightlyOpen, try openFindings(once.db))
        XCTAssertEqual(nightlyOpen, Set(manifest.findings.map { "\($0.code) \($0.subject)" }))
        let payments = "SELECT channel, txn_ref, kind, id_number, amount_fen, effective FROM payments_v1 ORDER BY 1, 2, 3"
        XCTAssertEqual(try store.db.prepare(payments, persistent: false).query(),
                       try once.db.prepare(payments, persistent: false).query())
    }
}
