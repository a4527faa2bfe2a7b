import SQLiteStore
import Foundation
import ReconTestSupport
import XCTest
import ReconCore

#if canImport(Glibc)
import Glibc
#endif

final class ConnectionTests: XCTestCase {
    private var folder: TemporaryFolder!
    private var dir: String { folder.path }

    override func setUpWithError() throws {
        folder = try TemporaryFolder("conn")
    }

    override func tearDown() {
        folder = nil
    }

    private func openDB(_ name: String = "t.db") throws -> Connection {
        let c = try Connection(path: dir + "/" + name)
        try c.execute("""
            CREATE TABLE person (id INTEGER PRIMARY KEY, idno TEXT UNIQUE NOT NULL, name TEXT, photo BLOB);
            -- a comment between statements
            CREATE TABLE payment (id INTEGER PRIMARY KEY, person INTEGER REFERENCES person(id), fen INTEGER NOT NULL);
            """)
        return c
    }

    private func mode(_ path: String) -> mode_t? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return st.st_mode & 0o777
    }

    func testNewDatabaseIsOwnerOnly() throws {
        let path = dir + "/private.db"
        let c = try openDB("private.db")
        try c.prepare("INSERT INTO person (idno, name) VALUES (?, ?)").run([.text("1"), .text("a")])
        XCTAssertEqual(mode(path), 0o600)
        XCTAssertEqual(mode(path + "-wal"), 0o600)   // SQLite copies the database's mode
        c.close()
    }

    func testExistingFileModeIsLeftAlone() throws {
        let path = dir + "/shared.db"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]))
        let c = try Connection(path: path)
        try c.execute("CREATE TABLE x (a)")
        XCTAssertEqual(mode(path), 0o640)
    }

    func testPragmas() throws {
        let c = try openDB()
        let journal = try c.prepare("PRAGMA journal_mode")
        XCTAssertTrue(try journal.step())
        XCTAssertEqual(journal.columnText(0), "wal")
        XCTAssertEqual(try c.scalarInt("PRAGMA foreign_keys"), 1)
        XCTAssertEqual(try c.scalarInt("PRAGMA synchronous"), 1)   // NORMAL
        XCTAssertEqual(try c.scalarInt("PRAGMA busy_timeout"), 5000)
        let custom = try Connection(path: dir + "/b.db", busyTimeoutMilliseconds: 250)
        XCTAssertEqual(try custom.scalarInt("PRAGMA busy_timeout"), 250)
    }

    func testForeignKeysAreEnforced() throws {
        let c = try openDB()
        XCTAssertThrowsError(try c.prepare("INSERT INTO payment (person, fen) VALUES (?, ?)").run([.int(99), .int(1)])) {
            XCTAssertTrue(($0 as? SQLiteError)?.isConstraint == true, "\($0)")
        }
    }

    func testTransactionCommits() throws {
        let c = try openDB()
        let insert = try c.prepare("INSERT INTO person (idno, name) VALUES (?, ?)")
        let n = try c.transaction { () throws -> Int in
            for i in 0..<100 {
                insert.bind(1, "id\(i)")
                insert.bind(2, "name\(i)")
                XCTAssertFalse(try insert.step())
                insert.reset()
            }
            XCTAssertTrue(c.inTransaction)
            return 100
        }
        XCTAssertEqual(n, 100)
        XCTAssertFalse(c.inTransaction)
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM person"), 100)
        XCTAssertEqual(c.lastInsertRowID, 100)
    }

    func testTransactionThatThrowsRollsBack() throws {
        struct Boom: Error {}
        let c = try openDB()
        try c.prepare("INSERT INTO person (idno) VALUES ('kept')").run()
        let insert = try c.prepare("INSERT INTO person (idno) VALUES (?)")
        XCTAssertThrowsError(try c.transaction {
            try insert.run([.text("a")])
            try insert.run([.text("b")])
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertFalse(c.inTransaction)
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM person"), 1)

        // A failing statement inside also rolls back the earlier ones.
        XCTAssertThrowsError(try c.transaction {
            try insert.run([.text("c")])
            try insert.run([.text("kept")])   // UNIQUE violation
        })
        XCTAssertEqual(try c.query1("SELECT group_concat(idno) FROM person"), .text("kept"))
        // The connection is usable afterwards.
        try c.transaction { try insert.run([.text("d")]) }
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM person"), 2)
    }

    func testChineseTextBlobsAndNulls() throws {
        let c = try openDB()
        let insert = try c.prepare("INSERT INTO person (idno, name, photo) VALUES (?, ?, ?)")
        let photo: [UInt8] = [0x00, 0xFF, 0x1F, 0x8B, 0x00, 0x80]
        insert.bind(1, "37040619900101123X")
        insert.bind(2, "张𠀀·欧阳")
        insert.bindBlob(3, photo)
        XCTAssertFalse(try insert.step())
        insert.reset()
        // Text from raw bytes, empty values are not NULL, nil is NULL.
        let raw = Array("李四".utf8)
        raw.withUnsafeBytes { insert.bindText(1, $0) }
        insert.bind(2, "")
        insert.bindBlob(3, [])
        XCTAssertFalse(try insert.step())
        insert.reset()
        try insert.run([.text("3"), .null, .null])
        insert.bind(1, "4")
        insert.bind(2, nil as String?)
        XCTAssertFalse(try insert.step())
        insert.reset()

        let rows = try c.prepare("SELECT idno, name, photo, length(photo) FROM person ORDER BY id").query()
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows[0], [.text("37040619900101123X"), .text("张𠀀·欧阳"), .blob(photo), .int(6)])
        XCTAssertEqual(rows[1], [.text("李四"), .text(""), .blob([]), .int(0)])
        XCTAssertEqual(rows[2], [.text("3"), .null, .null, .null])
        XCTAssertEqual(rows[3][1], .null)

        let select = try c.prepare("SELECT name, photo FROM person WHERE idno = ?")
        select.bind(1, "37040619900101123X")
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.columnCount, 2)
        XCTAssertEqual(select.columnName(0), "name")
        XCTAssertEqual(select.columnText(0), "张𠀀·欧阳")
        XCTAssertEqual(select.columnBlob(1), photo)
        XCTAssertFalse(select.columnIsNull(0))
        XCTAssertFalse(try select.step())
        select.reset()
        // reset() cleared the binding: the parameter is NULL now, matching nothing.
        XCTAssertFalse(try select.step())
    }

    /// Bound text is kept in the statement's scratch buffer until reset: many rows through one
    /// statement, values larger than the buffer (SQLite's own copy then), a buffer filled across
    /// parameters, an ID number formatted on the stack — every stored value is the one bound.
    func testBoundTextSurvivesUntilStepAcrossManyRows() throws {
        let c = try openDB()
        let insert = try c.prepare("INSERT INTO person (idno, name) VALUES (?, ?)")
        var expected: [[SQLValue]] = []
        for i in 0..<500 {
            let idno = "id-\(i)-" + String(repeating: "号", count: i % 7)
            let name = String(repeating: "名\(i)", count: i % 3 == 0 ? 1 : 600 + i)  // up to 5 KB, past 8 KB in two
            insert.bind(1, idno)
            insert.bind(2, name)
            XCTAssertFalse(try insert.step())
            insert.reset()
            expected.append([.text(idno), .text(name)])
        }
        insert.bind(1, "370406199001011233")
        insert.bind(2, String(repeating: "长", count: 4000))  // 12 KB: larger than the scratch buffer
        XCTAssertFalse(try insert.step())
        insert.reset()
        expected.append([.text("370406199001011233"), .text(String(repeating: "长", count: 4000))])
        XCTAssertEqual(try c.prepare("SELECT idno, name FROM person ORDER BY id").query(), expected)
    }

    /// A multi-row insert stores every row once: full batches, the remainder on `flush()`, rows an
    /// upsert clause skips (repeated inside one batch and across batches), nothing before the batch fills.
    func testBatchInsertStoresEveryRowOnce() throws {
        let c = try openDB()
        let insert = try BatchInsert<(String, String?)>(c, head: "INSERT INTO person (idno, name)", columns: 2,
                                                        conflict: "ON CONFLICT(idno) DO NOTHING",
                                                        rowsPerStatement: 8) { s, base, row in
            s.bind(base + 1, row.0)
            s.bind(base + 2, row.1)
        }
        var expected: [[SQLValue]] = []
        for i in 0..<45 {
            let name: String? = i % 5 == 0 ? nil : "姓名\(i)"
            try insert.add(("id\(i)", name))
            expected.append([.text("id\(i)"), name.map(SQLValue.text) ?? .null])
            if i == 5 { XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM person"), 0, "waits for a full batch") }
            if i % 7 == 3 { try insert.add(("id\(i)", "重复")) }  // the first one stands
        }
        try insert.add(("id0", "again"))
        try insert.flush()
        try insert.flush()
        XCTAssertEqual(try c.prepare("SELECT idno, name FROM person ORDER BY id").query(), expected)
    }

    /// A collection goes in as full batches and one shorter statement for the rest, after the rows
    /// `add` left waiting; a statement is rewound without clearing its bindings, so a NULL or a short
    /// text in a later batch must not show the earlier batch's values.
    func testBatchInsertOfACollection() throws {
        let c = try openDB()
        let insert = try BatchInsert<(String, String?)>(c, head: "INSERT INTO person (idno, name)", columns: 2,
                                                        rowsPerStatement: 8) { s, base, row in
            s.bind(base + 1, row.0)
            s.bind(base + 2, row.1)
        }
        var expected: [[SQLValue]] = []
        var n = 0
        func rows(_ count: Int, names: Bool) -> [(String, String?)] {
            (0..<count).map { _ in
                n += 1
                let row = ("id\(n)", names ? String(repeating: "名", count: n % 5 + 1) : nil)
                expected.append([.text(row.0), row.1.map(SQLValue.text) ?? .null])
                return row
            }
        }
        for row in rows(3, names: true) { try insert.add(row) }
        for (count, names) in [(0, true), (1, false), (8, true), (17, false), (7, true), (16, false), (3, true)] {
            try insert.insert(rows(count, names: names))
        }
        XCTAssertEqual(try c.prepare("SELECT idno, name FROM person ORDER BY id").query(), expected)
    }

    func testInjectionTextIsStoredVerbatim() throws {
        let c = try openDB()
        let evil = "'); DROP TABLE person; --"
        try c.prepare("INSERT INTO person (idno, name) VALUES (?, ?)").run([.text("x"), .text(evil)])
        XCTAssertEqual(try c.query1("SELECT name FROM person WHERE idno = 'x'"), .text(evil))
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM person WHERE name = ?", [.text(evil)]), 1)
        XCTAssertEqual(try c.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'person'"), 1)
    }

    func testNotADatabase() throws {
        let path = dir + "/notes.db"
        let text = String(repeating: "证件号码,姓名 this is a CSV file, not a database\n", count: 200)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try Connection(path: path)) { error in
            let e = error as? SQLiteError
            XCTAssertEqual(e?.isNotADatabase, true, "\(error)")
            XCTAssertEqual(e?.description.hasPrefix("'\(path)' is not a SQLite database"), true, "\(error)")
        }
        XCTAssertThrowsError(try Connection(path: path, readOnly: true)) { error in
            XCTAssertEqual((error as? SQLiteError)?.isNotADatabase, true, "\(error)")
        }
        // The file was not touched.
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), text)
    }

    func testErrorsCarrySQLButNotValues() throws {
        let c = try openDB()
        let insert = try c.prepare("INSERT INTO person (idno, name) VALUES (?, ?)")
        try insert.run([.text("370406199001011234"), .text("王五")])
        XCTAssertThrowsError(try insert.run([.text("370406199001011234"), .text("王五")])) { error in
            let e = error as! SQLiteError
            XCTAssertTrue(e.isConstraint)
            XCTAssertEqual(e.sql, "INSERT INTO person (idno, name) VALUES (?, ?)")
            XCTAssertTrue(e.description.contains("UNIQUE constraint failed: person.idno"), e.description)
            XCTAssertFalse(e.description.contains("370406199001011234"), e.description)
            XCTAssertFalse(e.description.contains("王五"), e.description)
        }
        // The statement is reusable after the failure.
        try insert.run([.text("2"), .text("b")])
        XCTAssertEqual(c.changes, 1)

        XCTAssertThrowsError(try c.prepare("SELEC 1")) { error in
            let e = error as! SQLiteError
            XCTAssertEqual(e.sql, "SELEC 1")
            XCTAssertTrue(e.description.contains("syntax error"), e.description)
        }
        XCTAssertThrowsError(try c.execute("CREATE TABLE ok (a); CREATE TABLE broken (")) { error in
            XCTAssertEqual((error as? SQLiteError)?.sql, "CREATE TABLE broken (")
        }
    }

    func testMisuse() throws {
        let c = try openDB()
        // Two statements in prepare() are refused rather than half-run.
        XCTAssertThrowsError(try c.prepare("SELECT 1; SELECT 2"))
        XCTAssertNoThrow(try c.prepare("SELECT 1;  "))
        // A bad bind index surfaces at step().
        let s = try c.prepare("SELECT ?")
        s.bind(5, 1 as Int)
        XCTAssertThrowsError(try s.step()) { XCTAssertEqual(($0 as? SQLiteError)?.primaryCode, 25) } // SQLITE_RANGE
        s.bind(1, 7 as Int)
        XCTAssertTrue(try s.step())
        XCTAssertEqual(s.columnValue(0), .int(7))
        c.close()
        XCTAssertFalse(c.isOpen)
        XCTAssertThrowsError(try c.prepare("SELECT 1"))
        s.reset()
        XCTAssertThrowsError(try s.step())
    }

    func testReadOnlyAndNoCreate() throws {
        let path = dir + "/ro.db"
        XCTAssertThrowsError(try Connection(path: path, create: false))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let rw = try Connection(path: path)
        try rw.execute("CREATE TABLE t (a); INSERT INTO t VALUES (1), (2.5), ('x'), (NULL)")
        let ro = try Connection(path: path, readOnly: true)
        XCTAssertEqual(try ro.prepare("SELECT a FROM t ORDER BY rowid").query(),
                       [[.int(1)], [.double(2.5)], [.text("x")], [.null]])
        XCTAssertThrowsError(try ro.execute("INSERT INTO t VALUES (3)")) {
            XCTAssertEqual(($0 as? SQLiteError)?.primaryCode, 8, "\($0)")   // SQLITE_READONLY
        }
    }

    func testScalarInt() throws {
        let c = try openDB()
        XCTAssertNil(try c.scalarInt("SELECT id FROM person"))
        XCTAssertNil(try c.scalarInt("SELECT NULL"))
        XCTAssertEqual(try c.scalarInt("SELECT ? + ?", [.int(40), .int(2)]), 42)
    }
}

private extension Connection {
    func query1(_ sql: String) throws -> SQLValue? {
        try prepare(sql, persistent: false).query().first?.first
    }
}
