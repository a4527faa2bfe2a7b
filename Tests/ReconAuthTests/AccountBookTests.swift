import Foundation
import ReconAuth
import ReconCore
import ReconTestSupport
import XCTest

/// The review desk's accounts on a real database: Argon2id hashes, the lock after five failures and
/// its end, disabled accounts, new passwords; and `recond user` as a real process, which takes
/// passwords only from a private file or standard input.
final class AccountBookTests: XCTestCase {
    func testLoginsLockAfterFiveFailuresForFifteenMinutes() throws {
        let t = try TestInbox()
        let book = AccountBook(store: try Store(path: t.database))
        try book.add("李审计", role: .auditor, password: "correct horse battery")
        XCTAssertThrowsError(try book.add("李审计", role: .viewer, password: "another long one")) {
            XCTAssertEqual($0 as? AccountError, .exists("李审计"))
        }
        XCTAssertThrowsError(try book.add("short", role: .viewer, password: "123456789")) {
            XCTAssertEqual($0 as? AccountError, .weakPassword(minimum: 10))
        }
        XCTAssertThrowsError(try book.add("two words", role: .viewer, password: "long enough pw")) {
            XCTAssertEqual($0 as? AccountError, .badName("two words"))
        }
        let hash = try XCTUnwrap(try t.query("SELECT password_hash FROM users").first?.first)
        XCTAssertTrue("\(hash)".contains("$argon2id$"), "\(hash)")

        let t0: Int64 = 1_700_000_000
        guard case .accepted(let a) = try book.login("李审计", "correct horse battery", now: t0) else { return XCTFail() }
        XCTAssertEqual(a.role, .auditor)
        XCTAssertEqual(try book.login("nobody", "correct horse battery", now: t0), .refused)
        for _ in 0..<4 { XCTAssertEqual(try book.login("李审计", "wrong password!", now: t0), .refused) }
        guard case .locked = try book.login("李审计", "wrong password!", now: t0) else { return XCTFail("the fifth failure locks") }
        // Locked: even the right password is refused until the 15 minutes are over.
        guard case .locked = try book.login("李审计", "correct horse battery", now: t0 + 15 * 60 - 1) else { return XCTFail() }
        guard case .accepted = try book.login("李审计", "correct horse battery", now: t0 + 15 * 60 + 1) else { return XCTFail() }
        // Failures count in a row: a success starts them again.
        for _ in 0..<4 { XCTAssertEqual(try book.login("李审计", "wrong password!", now: t0 + 1000), .refused) }
        guard case .accepted = try book.login("李审计", "correct horse battery", now: t0 + 1000) else { return XCTFail() }
        XCTAssertEqual(try book.login("李审计", "wrong password!", now: t0 + 1000), .refused)

        try book.setPassword("李审计", "a new long password")
        XCTAssertEqual(try book.login("李审计", "correct horse battery", now: t0 + 2000), .refused)
        guard case .accepted = try book.login("李审计", "a new long password", now: t0 + 2000) else { return XCTFail() }
        try book.disable("李审计")
        XCTAssertEqual(try book.login("李审计", "a new long password", now: t0 + 3000), .disabled)
        XCTAssertThrowsError(try book.disable("nobody"))
    }

    func testTheUserCommandReadsPasswordsFromAPrivateFileOrStandardInput() throws {
        let t = try TestInbox()
        try t.copySamples(["wx_1612345678_20231120.csv.gz"])
        XCTAssertEqual(try ToolProcess.recond(["run", "--once", "--inbox", t.inbox, "--db", t.database]).status, 0)
        let file = t.root + "/pw"
        FileManager.default.createFile(atPath: file, contents: Data("a long enough secret\n".utf8), attributes: [.posixPermissions: 0o644])
        var r = try ToolProcess.recond(["user", "add", "tax1", "--role", "tax", "--db", t.database, "--password-file", file])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("can be read by other users"), r.stderr)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        r = try ToolProcess.recond(["user", "add", "tax1", "--role", "tax", "--db", t.database, "--password-file", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        let stdin = try ToolProcess.run(ToolProcess.recond, ["user", "add", "fin1", "--role", "finance", "--db", t.database,
                                                             "--password-file", "-"], input: Array("from standard input\n".utf8))
        XCTAssertEqual(stdin.status, 0, stdin.err)
        XCTAssertNotEqual(try ToolProcess.recond(["user", "add", "x", "--role", "superuser", "--db", t.database,
                                                  "--password-file", file]).status, 0, "an unknown role")
        let list = try ToolProcess.run(ToolProcess.recond, ["user", "list", "--db", t.database])
        XCTAssertEqual(list.out, "fin1\tfinance\tactive\ntax1\ttax\tactive\n")
        // The passwords are nowhere in the database as text.
        for file in [t.database, t.database + "-wal"] {
            let dump = FileManager.default.contents(atPath: file) ?? Data()
            XCTAssertNil(dump.range(of: Data("a long enough secret".utf8)), file)
            XCTAssertNil(dump.range(of: Data("from standard input".utf8)), file)
        }
        let book = AccountBook(store: try Store(path: t.database))
        guard case .accepted = try book.login("fin1", "from standard input") else { return XCTFail() }
    }
}
