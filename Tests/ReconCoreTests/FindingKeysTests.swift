import Foundation
import XCTest

@testable import ReconCore
import SQLiteStore
import ReconTestSupport

/// The run's findings meet the stored ones in one merge (`Reconciler.upsert`): the keys must sort
/// exactly as SQLite's primary key on `findings` does, and every case of the merge must land.
final class FindingKeysTests: XCTestCase {
    /// Codes that are prefixes of others, subjects that are prefixes of others, empty, non-ASCII and
    /// high bytes, in no particular order.
    static let pairs: [(FindingCode, String)] = [
        (.duplicateRecord, "txn:bank:B2"), (.duplicatePayment, "person:370406198305051234:pension:2024"),
        (.notEnrolled, "txn:wechat:M10"), (.notEnrolled, "txn:wechat:M1"), (.notEnrolled, "txn:wechat:M1 "),
        (.notEnrolled, ""), (.pooledAccount, "account:wechat:张三"), (.pooledAccount, "account:wechat:张"),
        (.pooledAccount, "account:wechat:Z"), (.pooledAccount, "account:wechat:\u{7F}"),
        (.pooledAccount, "account:wechat:😀"), (.invalidID, "txn:ccb_pos:~"), (.paidAfterDeath, "txn:alipay:A1"),
    ]

    static func text(_ v: SQLValue) -> String {
        switch v {
        case .text(let s): s
        case .int(let i): String(i)
        default: "-"
        }
    }

    func testKeysSortAsTheFindingsTablesPrimaryKey() throws {
        let t = try TestInbox()
        let store = try Store(path: t.database)
        let insert = try store.db.prepare("""
            INSERT INTO findings(code, subject, severity, status, first_seen_at, last_seen_at)
            VALUES (?, ?, 'high', 'open', 'now', 'now')
            """)
        var keys = FindingKeys()
        for (code, subject) in Self.pairs {
            try insert.run([.text(code.rawValue), .text(subject)])
            keys.append(code: code.rawValue, subject: subject)
        }
        let stored = try store.db.prepare("SELECT code, subject FROM findings ORDER BY code, subject").query().map {
            "\(Self.text($0[0]))|\(Self.text($0[1]))"
        }
        let sorted = keys.sortedIndices().map { "\(Self.pairs[$0].0.rawValue)|\(Self.pairs[$0].1)" }
        XCTAssertEqual(sorted, stored)
        XCTAssertFalse(keys.isSorted)

        var read = FindingKeys()
        let cursor = try RowCursor(store.db, "SELECT code, subject FROM findings ORDER BY code, subject")
        while try cursor.step() { read.append(code: cursor.bytes(0), subject: cursor.bytes(1)) }
        XCTAssertTrue(read.isSorted)
        XCTAssertEqual((0..<read.count).map { "\(read.parts($0).code)|\(read.parts($0).subject)" }, stored)
        XCTAssertEqual(read.compare(0, read, 0), 0)
    }

    /// Every case of the merge, with the run's findings handed over in one chunk and a finding a chunk.
    func testTheMergeOpensKeepsReopensAndResolves() throws {
        for chunkBytes in [FindingSpill.defaultChunkBytes, 1] { try mergeCases(chunkBytes: chunkBytes) }
    }

    func mergeCases(chunkBytes: Int) throws {
        let t = try TestInbox()
        let store = try Store(path: t.database)
        let reconciler = Reconciler(store: store)
        func finding(_ code: FindingCode, _ subject: String, amount: Int64 = 100) -> Finding {
            Finding(code: code, subject: subject, amountFen: amount, detail: ["n": .int(amount)])
        }
        func upsert(_ found: [Finding], runID: Int64, at: String) throws -> (Int, Int) {
            try reconciler.upsert(FindingSpillTests.spill(found, in: t.root, chunkBytes: chunkBytes), runID: runID, at: at)
        }
        func statuses() throws -> [String] {
            try store.db.prepare("SELECT code, subject, status, amount_fen, first_run_id, last_run_id, status_changed_run_id FROM findings ORDER BY code, subject")
                .query().map { r in r.map(Self.text).joined(separator: " ") }
        }
        // Run 1: A, C, D, E open.
        let first = try upsert([finding(.notEnrolled, "txn:wechat:E"), finding(.notEnrolled, "txn:wechat:A"),
                                finding(.notEnrolled, "txn:wechat:C"), finding(.duplicateRecord, "txn:bank:D")],
                               runID: 1, at: "t1")
        XCTAssertEqual(first.0, 4)
        XCTAssertEqual(first.1, 0)
        // Run 2: only C (changed) is found again: A, D, E resolve.
        let second = try upsert([finding(.notEnrolled, "txn:wechat:C", amount: 200)], runID: 2, at: "t2")
        XCTAssertEqual(second.0, 0)
        XCTAssertEqual(second.1, 3)
        // Run 3: B and F are new, C kept, D reopened, A and E stay resolved; found out of key order.
        let third = try upsert([finding(.notEnrolled, "txn:wechat:F"), finding(.duplicateRecord, "txn:bank:D"),
                                finding(.notEnrolled, "txn:wechat:C", amount: 300), finding(.notEnrolled, "txn:wechat:B")],
                               runID: 3, at: "t3")
        XCTAssertEqual(third.0, 3, "B, F new and D reopened")
        XCTAssertEqual(third.1, 0)
        XCTAssertEqual(try statuses(), [
            "DUPLICATE_RECORD txn:bank:D open 100 1 3 3",
            "NOT_ENROLLED txn:wechat:A resolved 100 1 1 2",
            "NOT_ENROLLED txn:wechat:B open 100 3 3 3",
            "NOT_ENROLLED txn:wechat:C open 300 1 3 1",
            "NOT_ENROLLED txn:wechat:E resolved 100 1 1 2",
            "NOT_ENROLLED txn:wechat:F open 100 3 3 3",
        ])
        // Run 4: nothing found: every open one resolves, the resolved ones are left as they are.
        let fourth = try upsert([], runID: 4, at: "t4")
        XCTAssertEqual(fourth.1, 4)
        XCTAssertEqual(try statuses().filter { $0.contains(" open ") }, [])
        XCTAssertTrue(try statuses().contains("NOT_ENROLLED txn:wechat:A resolved 100 1 1 2"))
    }
}
