import Foundation
import ReconTestSupport
import XCTest
@testable import ReconCentral

/// The central store's SQL: the tools carry exactly the text of `sql/central/`, and that SQL passes
/// its own end-to-end checks on a throwaway server (`sql/central/test.sh`: migrations, three counties
/// pushing as their own roles, the exact cross-county findings, the lifecycle, confinement).
final class CentralSQLTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sql/central")

    func text(_ name: String) throws -> String {
        let s = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        return s.hasSuffix("\n") ? String(s.dropLast()) : s
    }

    func testTheEmbeddedSQLIsTheSQLOfTheFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.range(of: #"^\d{3}_.*\.sql$"#, options: .regularExpression) != nil }.sorted()
        XCTAssertEqual(CentralSQL.migrations.map(\.name), files, "run scripts/embed-sql.sh")
        for m in CentralSQL.migrations {
            XCTAssertEqual(m.sql, try text(m.name), "\(m.name): run scripts/embed-sql.sh")
            XCTAssertEqual(m.version, Int(m.name.prefix(3)))
        }
        XCTAssertEqual(CentralSQL.pushBegin, try text("push_begin.sql"), "run scripts/embed-sql.sh")
        XCTAssertEqual(CentralSQL.pushMerge, try text("push_merge.sql"), "run scripts/embed-sql.sh")
    }

    func testTheSQLPassesItsOwnChecksOnAThrowawayServer() throws {
        let r = try ToolProcess.run("/bin/bash", [Self.folder.appendingPathComponent("test.sh").path])
        XCTAssertEqual(r.status, 0, String(r.out.suffix(3000)) + String(r.err.suffix(2000)))
        XCTAssertTrue(r.out.contains("passed") || r.err.contains("passed"), String(r.out.suffix(500)) + String(r.err.suffix(500)))
    }
}
