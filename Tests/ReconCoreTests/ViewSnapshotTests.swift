import Foundation
import ReconTestSupport
import SQLiteStore
import XCTest
@testable import ReconCore

/// The view's snapshot beside the database (`ViewSnapshot`): every run over a database that keeps
/// its snapshot must store exactly what a run that loads the view from the tables stores, night after
/// night, and a snapshot that does not fit the database (stale, damaged, another database's) is
/// never used.
final class ViewSnapshotTests: XCTestCase {
    /// Two databases fed the same files: `kept` keeps its snapshot from run to run, `whole` has it
    /// removed before each run, so its view always loads from the tables.
    struct Twin {
        let t: TestInbox
        /// The view `kept`'s runs keep for each other, as the daemon does; nil: each run starts cold.
        var warm: WarmView? = nil
        /// The policies both judge by.
        var policies = PolicySet.builtin
        var kept: String { t.database }
        var whole: String { t.root + "/whole.sqlite" }

        /// Ingests the inbox into both and reconciles both; returns the stages of `kept`'s run.
        @discardableResult
        func night(_ samples: [String] = [], edit: String? = nil) throws -> [String] {
            try t.copySamples(samples)
            for path in [whole, kept] {
                let store = try Store(path: path)
                _ = try Ingestor(store: store).ingest(directory: t.inbox)
                if let edit { try store.db.execute(edit) }
            }
            try? FileManager.default.removeItem(atPath: whole + ".view")
            let wholeRun = try ReconcileRun(store: try Store(path: whole), policies: policies).run()
            XCTAssertTrue(wholeRun.stages.contains { $0.stage == "snapshot (not used: no view snapshot)" },
                          "\(wholeRun.stages.map(\.stage))")
            return try ReconcileRun(store: try Store(path: kept), policies: policies).run(warm: warm).stages.map(\.stage)
        }

        /// Delivers an employee list naming the first medical payer (not yet EMPLOYEE_INSURED); returns
        /// the query counting that payer's open EMPLOYEE_INSURED findings.
        func employFirstMedicalPayer(file: StaticString = #filePath, line: UInt = #line) throws -> String {
            let payer = try t.query("""
                SELECT id_number FROM payments_v1 WHERE id_valid = 1 AND kind = 'payment' AND effective = 1
                  AND insurance = 'medical' AND channel <> 'gov' ORDER BY txn_ref LIMIT 1
                """)
            struct NoMedicalPayer: Error {}
            guard case .text(let id)? = payer.first?.first else { throw NoMedicalPayer() }
            let employed = "SELECT count(*) FROM findings_v1 WHERE code = 'EMPLOYEE_INSURED' AND id_number = '\(id)' AND status = 'open'"
            XCTAssertEqual(try t.int(employed), 0, file: file, line: line)
            try t.write("employee_insured_20240125.csv.gz", lines: [
                "证件号码,姓名,险种,单位名称,参保起始日期,参保终止日期", "\(id),某某,职工医保,枣庄市某某有限公司,2020-01-01,",
            ])
            return employed
        }

        /// What the runs stored, as the contract's readers see it.
        func assertSameOutputs(requireFindings: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws {
            let a = try Connection(path: kept, readOnly: true), b = try Connection(path: whole, readOnly: true)
            var queries = [
                """
                SELECT code, subject, severity, status, year, id_number, insurance, channel, txn_ref, town_code,
                       village_code, amount_fen, detail, review_state FROM findings_v1 ORDER BY code, subject
                """,
                "SELECT findings_open, findings_new, findings_resolved, payments FROM runs ORDER BY run_id",
            ]
            for table in ["report_years", "report_balance_days", "report_balance_agents", "report_subsidy_facts",
                          "report_coverage", "report_unpaid", "report_roster_lines"] {
                let columns = try a.prepare("SELECT * FROM \(table) LIMIT 0", persistent: false).columnCount
                queries.append("SELECT * FROM \(table) ORDER BY " + (1...columns).map(String.init).joined(separator: ", "))
            }
            for q in queries {
                let x = try a.prepare(q, persistent: false).query(), y = try b.prepare(q, persistent: false).query()
                XCTAssertEqual(x.count, y.count, q, file: file, line: line)
                if let i = x.indices.first(where: { $0 < y.count && x[$0] != y[$0] }) {
                    XCTFail("row \(i): \(x[i]) with the snapshot, \(y[i]) without, in \(q)", file: file, line: line)
                }
            }
            if requireFindings {
                XCTAssertGreaterThan(try a.scalarInt("SELECT count(*) FROM findings") ?? 0, 0, file: file, line: line)
            }
        }
    }

    /// The sample files by file date, as a season's nights would bring them: up to 2023-11-20, to
    /// 12-30, 12-31, and the rest (the new year's statements, a newer roster, a disbursement).
    static func season() throws -> [[String]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestInbox.samples).filter { $0.hasSuffix(".gz") }
        func date(_ name: String) -> String {
            if let r = name.range(of: #"20[0-9]{6}"#, options: .regularExpression) { return String(name[r]) }
            if let r = name.range(of: #"INN[0-9]{6}"#, options: .regularExpression) { return "20" + name[r].dropFirst(3) }
            return "0"
        }
        let ends = ["20231120", "20231230", "20231231", "99999999"]
        var nights = [[String]](repeating: [], count: ends.count)
        for n in names { nights[ends.firstIndex { date(n) <= $0 }!].append(n) }
        return nights.map { $0.sorted() }
    }

    func snapshotStage(_ stages: [String]) -> String? {
        stages.first { $0.hasPrefix("snapshot (") || $0.hasPrefix("kept view (") }
    }

    func testNightsOnTheSnapshotStoreWhatAWholeLoadStores() throws {
        let twin = Twin(t: try TestInbox())
        var delivered = Set<String>()
        for (n, fresh) in try Self.season().enumerated() {
            delivered.formUnion(fresh)
            let stages = try twin.night(fresh)
            let used = snapshotStage(stages) ?? ""
            if n == 0 {
                XCTAssertEqual(used, "snapshot (not used: no view snapshot)")
            } else {
                XCTAssertTrue(used.hasPrefix("snapshot (used, files above #"), "night \(n): \(stages)")
                // Only the roster of a night that brings one is read from the table; without a new
                // roster the payments of the snapshot keep what was resolved for them.
                let roster = fresh.contains { $0.hasPrefix("enrollment_") }
                XCTAssertEqual(stages.contains("roster"), roster, "night \(n): \(fresh)")
                XCTAssertEqual(stages.contains("resolve (the rows added)"), !roster, "night \(n): \(stages)")
            }
            XCTAssertTrue(stages.contains { $0.hasPrefix("snapshot written") || $0.hasPrefix("snapshot kept as it was") },
                          "night \(n): \(stages)")
            try twin.assertSameOutputs()
        }
        XCTAssertEqual(delivered.count, try Self.season().joined().count)
        XCTAssertTrue(try Self.season().allSatisfy { !$0.isEmpty })

        // Nights of a few rows leave the snapshot as it was: the next runs read what came since it from
        // the tables, night after night, until that is a tenth of it.
        let stamp = try ViewStamp.read(try Store(path: twin.kept, readOnly: true))
        for day in [25, 26] {
            try twin.t.write("jinsan_ledger_202401\(day).csv.gz", lines: LedgerFixture.file(day))
            let small = try twin.night()
            XCTAssertEqual(snapshotStage(small), "snapshot (used, files above #\(stamp.maxFileID) added)", "\(small)")
            XCTAssertTrue(small.contains("snapshot kept as it was (few rows added)"), "\(small)")
            try twin.assertSameOutputs()
        }

        // A run with nothing new uses the snapshot as it is, and has nothing to write.
        try FileManager.default.removeItem(atPath: twin.kept + ".view")
        try twin.night()
        let stages = try twin.night()
        XCTAssertEqual(snapshotStage(stages), "snapshot (used, nothing added)")
        XCTAssertFalse(stages.contains { $0.hasPrefix("snapshot written") }, "\(stages)")
        try twin.assertSameOutputs()

        var st = stat()
        XCTAssertEqual(stat(twin.kept + ".view", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600, "the snapshot holds personal data: owner-only")
        XCTAssertFalse(FileManager.default.fileExists(atPath: twin.kept + ".view.tmp"))
    }

    /// A daemon keeps its view from run to run: each night takes it over and adds what was stored
    /// since, and stores what a whole load would. The snapshot file is left as it was until the
    /// process writes it (when it stops), and a restarted process starts from that.
    func testAKeptViewServesTheNextRunLikeTheSnapshot() throws {
        var twin = Twin(t: try TestInbox(), warm: WarmView())
        let view = twin.kept + ".view"
        for (n, fresh) in try Self.season().enumerated() {
            let stages = try twin.night(fresh)
            XCTAssertEqual(snapshotStage(stages).map { $0.hasPrefix("kept view (used, files above #") }, n > 0, "\(stages)")
            XCTAssertEqual(stages.contains { $0.hasPrefix("snapshot written") }, n == 0, "\(stages)")
            // The payments it had keep what was resolved for them, unless the night brought a roster
            // (the last night; its employee list only has the facts of its IDs worked out again).
            let roster = fresh.contains { $0.hasPrefix("enrollment_") }
            XCTAssertEqual(stages.contains("resolve (the rows added)"), n > 0 && !roster, "night \(n): \(stages)")
            XCTAssertTrue(twin.warm!.isWarm)
            try twin.assertSameOutputs()
        }
        // A night that brings only an employee list: the kept matches stand, the facts of its IDs are
        // worked out again (a payer now insured at work opens EMPLOYEE_INSURED).
        let employed = try twin.employFirstMedicalPayer()
        let listNight = try twin.night()
        XCTAssertTrue(listNight.contains("resolve (the rows added)"), "\(listNight)")
        XCTAssertEqual(try twin.t.int(employed), 1)
        try twin.assertSameOutputs()

        let before = try FileManager.default.attributesOfItem(atPath: view)[.modificationDate] as? Date
        XCTAssertNotNil(try twin.warm!.persist(), "the kept view is newer than the file")
        XCTAssertNil(try twin.warm!.persist(), "nothing new to write")
        XCTAssertNotEqual(try FileManager.default.attributesOfItem(atPath: view)[.modificationDate] as? Date, before)
        // A restart: a new process, nothing kept, the file as the last one left it.
        twin.warm = WarmView()
        XCTAssertEqual(snapshotStage(try twin.night()), "snapshot (used, nothing added)")
        try twin.assertSameOutputs()

        // Changed in place: neither the kept view nor the snapshot file made before the change serves.
        let stages = try twin.night(edit: "UPDATE records SET amount_fen = 1 WHERE id = (SELECT max(id) FROM records)")
        XCTAssertEqual(snapshotStage(stages), "snapshot (kept view not used: the view snapshot is stale: rows were changed "
                       + "or deleted since it was made; not used: the view snapshot is stale: rows were changed or deleted "
                       + "since it was made)")
        XCTAssertTrue(stages.contains { $0.hasPrefix("snapshot written") }, "a whole load writes the file at once")
        XCTAssertNil(try twin.warm!.persist())
        try twin.assertSameOutputs()
        XCTAssertEqual(snapshotStage(try twin.night()), "kept view (used, nothing added)")
        try twin.assertSameOutputs()
    }

    /// A run on the snapshot keeps what it resolved for its payments only while that still holds: an
    /// employee list has the facts of its IDs worked out again; other policies resolve whole.
    func testTheSnapshotKeepsWhatWasResolvedWhileItHolds() throws {
        var twin = Twin(t: try TestInbox())
        for fresh in try Self.season() { try twin.night(fresh) }
        let employed = try twin.employFirstMedicalPayer()
        let listNight = try twin.night()
        XCTAssertTrue(snapshotStage(listNight)?.hasPrefix("snapshot (used, files above #") == true, "\(listNight)")
        XCTAssertTrue(listNight.contains("resolve (the rows added)"), "\(listNight)")
        XCTAssertEqual(try twin.t.int(employed), 1, "the employee list reached the kept facts of its ID")
        try twin.assertSameOutputs()

        // Other policies (a lower age for the half-paid medical share): the snapshot's view serves,
        // what it resolved does not.
        var policy = PolicySet.builtin.policies[0]
        policy.halfPaidMinAge -= 5
        twin.policies = PolicySet([policy])
        let otherPolicies = try twin.night()
        XCTAssertTrue(snapshotStage(otherPolicies)?.hasPrefix("snapshot (used") == true, "\(otherPolicies)")
        XCTAssertTrue(otherPolicies.contains("resolve"), "\(otherPolicies)")
        try twin.assertSameOutputs()
        // Under those policies again, the snapshot it wrote (or the one before) keeps serving.
        let again = try twin.night()
        XCTAssertTrue(snapshotStage(again)?.hasPrefix("snapshot (used") == true, "\(again)")
        try twin.assertSameOutputs()
    }

    func testRowsChangedInPlaceMakeTheSnapshotStale() throws {
        let twin = Twin(t: try TestInbox())
        let season = try Self.season()
        try twin.night(season[0])
        // Anyone's change to a stored row, recon's own or not, is seen by the triggers.
        for edit in ["UPDATE records SET amount_fen = amount_fen + 100 WHERE id = (SELECT min(id) FROM records)",
                     "DELETE FROM ledger WHERE ticket = (SELECT max(ticket) FROM ledger)",
                     "UPDATE enrollment SET name = name || '甲' WHERE line_no = (SELECT min(line_no) FROM enrollment)"] {
            let stages = try twin.night(edit: edit)
            XCTAssertEqual(snapshotStage(stages),
                           "snapshot (not used: the view snapshot is stale: rows were changed or deleted since it was made)",
                           edit)
            try twin.assertSameOutputs()
        }
        // The next night uses the snapshot written after the change.
        XCTAssertTrue(snapshotStage(try twin.night(season[1]))?.hasPrefix("snapshot (used") ?? false)
        try twin.assertSameOutputs()
    }

    /// A purge deletes rows in place: counted once (its triggers stand aside and come back), the
    /// snapshot made before it is not used.
    func testAPurgeMakesTheSnapshotStale() throws {
        let twin = Twin(t: try TestInbox())
        try twin.night(try Self.season().joined().map { $0 })
        let epoch = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'view_epoch'"
        let before = try twin.t.int(epoch)
        for path in [twin.kept, twin.whole] {
            let summary = try Purge(store: try Store(path: path), beforeYear: 2025).run()
            XCTAssertGreaterThan(summary.records, 1)
        }
        XCTAssertEqual(try twin.t.int(epoch), before + 1)
        XCTAssertEqual(try twin.t.int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%view_epoch%'"),
                       Schema.viewEpochEvents.count)
        let stages = try twin.night()
        XCTAssertEqual(snapshotStage(stages),
                       "snapshot (not used: the view snapshot is stale: rows were changed or deleted since it was made)")
        try twin.assertSameOutputs(requireFindings: false)
    }

    func testADamagedOrForeignSnapshotIsNotUsed() throws {
        let twin = Twin(t: try TestInbox())
        let season = try Self.season()
        try twin.night(season[0])
        let view = twin.kept + ".view"
        let good = try Data(contentsOf: URL(fileURLWithPath: view))

        var damaged = good
        damaged[damaged.count / 2] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: view))
        XCTAssertTrue(snapshotStage(try twin.night(season[1]))?.contains("is damaged") ?? false)
        try twin.assertSameOutputs()

        try good.prefix(good.count - 100).write(to: URL(fileURLWithPath: view))
        XCTAssertTrue(snapshotStage(try twin.night())?.hasPrefix("snapshot (not used:") ?? false)
        try twin.assertSameOutputs()

        // Another database's snapshot (a copy of another county's, a database replaced under it).
        let foreign = Twin(t: try TestInbox())
        try foreign.night(season[0])
        try FileManager.default.removeItem(atPath: view)
        try FileManager.default.copyItem(atPath: foreign.kept + ".view", toPath: view)
        XCTAssertEqual(snapshotStage(try twin.night(season[2])),
                       "snapshot (not used: the view snapshot is stale: made from another database)")
        try twin.assertSameOutputs()

        try Data("not a snapshot".utf8).write(to: URL(fileURLWithPath: view))
        XCTAssertEqual(snapshotStage(try twin.night(season[3])), "snapshot (not used: the view snapshot is of another format)")
        try twin.assertSameOutputs()
    }

    /// The parts written as they lie in memory read back equal, and a reader given fewer bytes than
    /// an array claims refuses before allocating it.
    func testTheCoderReadsBackWhatItWrote() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("coder")
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var map = RefMap(capacity: 4)
        for (k, ref) in ["4200000001", "4200000002", "", "支付宝-1"].enumerated() {
            var s = ref
            s.withUTF8 { _ = map.insert(UInt8(k % 3), UnsafeRawBufferPointer($0), value: Int32(k * 7)) }
        }
        var w = SnapshotWriter(fd: fd)
        w.put(plain: [LocalDateTime(seconds: 1_700_000_000), LocalDateTime(seconds: -1)])
        w.put(texts: ["户1", "户1", nil, "", "村"] as [String?])
        map.write(to: &w)
        w.endSection()
        w.put(UInt64(1 << 40))  // an array count no file of this size can hold
        w.endSection()
        try w.finish()
        let size = Int(lseek(fd, 0, SEEK_END))

        var r = SnapshotReader(fd: fd, offset: 0, count: size)
        XCTAssertEqual(try r.get(plain: LocalDateTime.self), [LocalDateTime(seconds: 1_700_000_000), LocalDateTime(seconds: -1)])
        let texts: [String?] = try r.getTexts()
        XCTAssertEqual(texts, ["户1", "户1", nil, "", "村"])
        let back = try RefMap(from: &r)
        try r.endSection("first")
        XCTAssertEqual(back.count, 4)
        for (k, ref) in ["4200000001", "4200000002", "", "支付宝-1"].enumerated() {
            XCTAssertEqual(back.find(UInt8(k % 3), ref).map { back.values[$0] }, Int32(k * 7), ref)
        }
        XCTAssertNil(back.find(1, "4200000001"))
        XCTAssertThrowsError(try r.get(plain: UInt64.self)) { error in
            XCTAssertEqual(error as? SnapshotError, .damaged("an array longer than the file"))
        }
    }
}
