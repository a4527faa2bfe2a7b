import Foundation
import ReconSynth
import XCTest

@testable import ReconCore

/// Cross-check with the synthetic district's own literal evaluation of RULES.md (ReconSynth's
/// manifest): reconciling a generated inbox opens exactly the manifest's findings. Two independent
/// readings of the rules agreeing is the point; set RULES_SYNTH=1 (optionally RULES_SYNTH_SCALE,
/// RULES_SYNTH_SEED) to run it.
final class ReconcileSynthTests: XCTestCase {
    func compare(scale: Double, seed: UInt64) throws -> (missing: [String], extra: [String]) {
        let root = NSTemporaryDirectory() + "recon-synth-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manifest = try DistrictGenerator(options: .init(scale: scale, seed: seed)).generate(into: root)
        let store = try Store(path: root + "/recon.sqlite")
        let ingest = try Ingestor(store: store).ingest(directory: root + "/inbox")
        let t0 = Date()
        let summary = try Reconciler(store: store).run(asOf: LocalDate(manifest.asOf), ingest: ingest)
        print(String(format: "synth scale %.3f seed %llu: %d payments, %d findings, reconciled in %.2f s",
                     scale, seed, summary.payments, summary.open, Date().timeIntervalSince(t0)))
        print("synth codes:", summary.openByCode.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        let expected = Set(manifest.findings.map { "\($0.code) \($0.subject)" })
        let notes = Dictionary(manifest.findings.map { ("\($0.code) \($0.subject)", $0.note) }, uniquingKeysWith: { a, _ in a })
        let s = try store.db.prepare("SELECT code || ' ' || subject FROM findings_v1 WHERE status = 'open'", persistent: false)
        var got: Set<String> = []
        while try s.step() { got.insert(s.columnText(0)!) }
        let missing = expected.subtracting(got).sorted()
        let extra = got.subtracting(expected).sorted()
        for m in missing.prefix(30) { print("missing:", m, "—", notes[m] ?? "") }
        for e in extra.prefix(30) { print("extra:", e) }
        return (missing, extra)
    }

    func testSmallDistrictMatchesTheManifest() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["RULES_SYNTH"] != nil else { throw XCTSkip("set RULES_SYNTH=1") }
        let (missing, extra) = try compare(scale: Double(env["RULES_SYNTH_SCALE"] ?? "") ?? 0.02,
                                           seed: UInt64(env["RULES_SYNTH_SEED"] ?? "") ?? 1)
        XCTAssertEqual(missing, [])
        XCTAssertEqual(extra, [])
    }
}
