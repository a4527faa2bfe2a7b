import Foundation
import XCTest

@testable import ReconCore
import ReconTestSupport

/// A run's findings go from the rules' sinks, in chunks, through a temporary file and back in key
/// order: the same findings whatever the chunks, and of a (code, subject) named twice the first.
final class FindingSpillTests: XCTestCase {
    /// A spill holding `found`, appended in this order by rule `rule`.
    static func spill(_ found: [Finding], in directory: String, chunkBytes: Int, rule: Int = 0) throws -> FindingSpill {
        let spill = try FindingSpill(directory: directory, chunkBytes: chunkBytes)
        var sink = FindingSink(spill, rule: rule)
        for f in found { sink.append(f) }
        sink.flush()
        return spill
    }

    static func text(_ s: String?) -> String { s ?? "NULL" }
    static func text(_ b: UnsafeRawBufferPointer?) -> String { b.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" }

    /// A finding's columns as `findings` stores them, on one line.
    static func line(_ f: Finding) -> String {
        [f.code.rawValue, f.subject, f.severity.rawValue, f.year.map(String.init) ?? "NULL", text(f.idNumber),
         text(f.insurance?.rawValue), text(f.channel?.rawValue), text(f.txnRef), text(f.townCode), text(f.villageCode),
         f.amountFen.map(String.init) ?? "NULL", f.detail].joined(separator: "|")
    }

    static func line(_ r: FindingRecord) -> String {
        [r.code.rawValue, text(r.subject), r.code.severity.rawValue, r.year.map(String.init) ?? "NULL",
         text(r.text(.idNumber)), text(r.insurance?.rawValue), text(r.channel?.rawValue), text(r.text(.txnRef)),
         text(r.text(.townCode)), text(r.text(.villageCode)), r.amountFen.map(String.init) ?? "NULL",
         text(r.detail)].joined(separator: "|")
    }

    /// The spill's merge: each record's order and line.
    static func merged(_ spill: FindingSpill, distinct: Bool = true) throws -> [(order: UInt64, line: String)] {
        var out: [(order: UInt64, line: String)] = []
        try spill.merge(distinct: distinct) { out.append(($0.order, line($0))) }
        return out
    }

    /// Every column comes back as it went in: NULLs, texts with quotes, controls and non-ASCII, an
    /// empty subject, a detail larger than a run's read buffer; in key order, from one chunk or many.
    func testRecordsReadBackTheFindingsColumns() throws {
        let folder = try TemporaryFolder()
        let big = String(repeating: "证据 \"quoted\" \\ \n", count: FindingSpill.readBufferBytes / 8)
        let found = [
            Finding(code: .pooledAccount, subject: "account:wechat:张三", year: 2024, channel: .wechat, amountFen: 1_000_000,
                    detail: ["payments": .array([.string(big)])]),
            Finding(code: .notEnrolled, subject: "txn:wechat:M1", year: 2024, idNumber: "370406198305051234",
                    insurance: .medical, channel: .wechat, txnRef: "M1", townCode: "370406101", villageCode: "370406101001",
                    amountFen: 38_000, detail: ["reason": "no 医疗 row", "payment": ["amount": .yuan(38_000), "ok": true]]),
            Finding(code: .subsidyMismatch, subject: "subsidy:370406101:pension:disabled_paid", year: 2024,
                    insurance: .pension, townCode: "370406101", amountFen: -5, detail: ["tab": "a\tb\u{1}", "n": .null]),
            Finding(code: .invalidID, subject: "", idNumber: "", txnRef: "", detail: [:]),
            Finding(code: .noPolicy, subject: "txn:bank:X", year: -1, amountFen: .min),
        ]
        for chunkBytes in [1, 200, FindingSpill.defaultChunkBytes] {
            let spill = try Self.spill(found, in: folder.path, chunkBytes: chunkBytes)
            XCTAssertEqual(spill.count, found.count)
            XCTAssertEqual(try Self.merged(spill).map(\.line), [3, 1, 4, 0, 2].map { Self.line(found[$0]) }, "chunks of \(chunkBytes) bytes")
            XCTAssertEqual(try Self.merged(spill).map(\.order), [3, 1, 4, 0, 2])
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [],
                       "the spill's file is unlinked as soon as it is made")
    }

    /// Of findings with the same (code, subject), the first rule's is kept, and within a rule its first,
    /// whichever chunk reaches the file first.
    func testTheFirstOfEqualKeysIsKept() throws {
        let folder = try TemporaryFolder()
        func finding(_ subject: String, _ amount: Int64) -> Finding {
            Finding(code: .missingGovernmentPayment, subject: subject, amountFen: amount)
        }
        for chunkBytes in [1, FindingSpill.defaultChunkBytes] {
            let spill = try FindingSpill(directory: folder.path, chunkBytes: chunkBytes)
            var later = FindingSink(spill, rule: 7)
            later.append(finding("person:A", 70))
            later.append(finding("person:Z", 71))
            later.flush()
            var first = FindingSink(spill, rule: 2)
            first.append(finding("person:B", 20))
            first.append(finding("person:A", 21))
            first.append(finding("person:B", 22))
            first.append(finding("person:A", 23))
            first.flush()
            let lines = try Self.merged(spill).map(\.line)
            XCTAssertEqual(lines.map { $0.split(separator: "|")[10] }, ["21", "20", "71"], "chunks of \(chunkBytes) bytes")
            let every = try Self.merged(spill, distinct: false).map { "\($0.order >> 32).\($0.order & 0xFFFF_FFFF)" }
            XCTAssertEqual(every, ["2.1", "2.3", "7.0", "2.0", "2.2", "7.1"], "(rule, place) in key order")
        }
    }

    /// A chunk the file cannot take (a full disk) fails the merge, which the run's transaction then
    /// rolls back: the rules' threads that hand chunks over cannot throw.
    func testAFailedWriteFailsTheMerge() throws {
        let folder = try TemporaryFolder()
        let pad = JSONValue.string(String(repeating: "x", count: 100))
        let found = (0..<50).map { Finding(code: .notEnrolled, subject: "txn:wechat:M\($0)", detail: ["pad": pad]) }
        var spill: FindingSpill?
        try FileSizeLimit.with(bytes: 4096) { spill = try Self.spill(found, in: folder.path, chunkBytes: 1000) }
        XCTAssertThrowsError(try spill!.merge { _ in }) { error in
            XCTAssertTrue("\(error)".contains("cannot write the findings' temporary file"), "\(error)")
        }
    }

    /// The rules over the samples, each rule's findings in chunks of one finding, give what one array
    /// per rule merged in rule order (the first of a (code, subject) kept) gives: the same findings,
    /// from the same rules, in the same order.
    func testChunksGiveWhatOneArrayPerRuleGives() throws {
        let t = try TestInbox()
        try t.copySamples()
        try t.ingest()
        let input = try RuleInput.load(store: try Store(path: t.database))
        let whole = try FindingSpill(directory: t.root, chunkBytes: .max)
        Reconciler.findings(input, into: whole)
        // One run per rule, read back in the rules' order, as the rules' arrays were merged.
        var seen: Set<String> = []
        let byRule = try Self.merged(whole, distinct: false).sorted { $0.order < $1.order }.filter { r in
            seen.insert(r.line.split(separator: "|", maxSplits: 2).prefix(2).joined(separator: "|")).inserted
        }
        XCTAssertGreaterThan(Set(byRule.map { $0.order >> 32 }).count, 5, "findings of several rules")

        let chunked = try FindingSpill(directory: t.root, chunkBytes: 1)
        Reconciler.findings(input, into: chunked)
        XCTAssertEqual(chunked.count, whole.count)
        let merged = try Self.merged(chunked)
        XCTAssertEqual(merged.sorted { $0.order < $1.order }.map(\.line), byRule.map(\.line))
        XCTAssertEqual(merged.map(\.line), try Self.merged(whole).map(\.line))
    }
}
