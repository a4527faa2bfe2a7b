import Foundation
import ReconTestSupport
import SQLiteStore
import XCTest

/// Three generated neighbouring counties (`recond demo --counties 3`), each reconciled, pushed to a
/// real PostgreSQL as its own role and reconciled centrally: the central findings are exactly the
/// province manifest's (precision and recall 1.0), the near misses open nothing, a review survives
/// re-reconciling, and a county's later night — a corrected roster that terminates the old
/// enrollment — resolves what it should after the next push.
final class ProvinceTests: XCTestCase {
    struct Province {
        let root: String
        let db: CentralTestDatabase
        let codes: [String]
        let manifest: [String: Any]
    }

    func province() throws -> Province {
        guard let server = CentralTestServer.environment else { throw CentralTestError(message: CentralTestServer.missing) }
        let db = try server.freshDatabase()
        addTeardownBlock { db.drop() }
        let folder = try TemporaryFolder("province")
        addTeardownBlock { _ = folder }
        let root = folder.path + "/demo"
        let demo = try ToolProcess.run(ToolProcess.recond, ["demo", "--counties", "3", "--scale", "0.03", "--seed", "5", "--out", root])
        XCTAssertEqual(demo.status, 0, demo.err)
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/province.json"))) as? [String: Any])
        let codes = (manifest["counties"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        XCTAssertEqual(codes, ["370406", "370402", "370403"])
        try central(db, ["migrate"])
        for code in codes {
            let dir = root + "/" + code
            FileManager.default.createFile(atPath: dir + "/central.pass", contents: Data("county \(code) password!\n".utf8),
                                           attributes: [.posixPermissions: 0o600])
            try central(db, ["county", "add", code, "--role-password-file", dir + "/central.pass"])
            try """
                inbox = "inbox"
                database = "recon.sqlite"
                [central]
                url = "\(db.url(county: code))"
                password_file = "central.pass"
                county = "\(code)"
                """.write(toFile: dir + "/recond.toml", atomically: true, encoding: .utf8)
            try push(root, code)
        }
        try central(db, ["reconcile"])
        return Province(root: root, db: db, codes: codes, manifest: manifest)
    }

    func push(_ root: String, _ code: String) throws {
        let r = try ToolProcess.recond(["push", "--config", root + "/" + code + "/recond.toml"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    @discardableResult
    func central(_ db: CentralTestDatabase, _ args: [String]) throws -> ToolProcess.Result {
        let r = try ToolProcess.run(ToolProcess.path("recon-central"), args + ["--url", db.url, "--password-file", db.server.ownerPasswordFile])
        XCTAssertEqual(r.status, 0, "recon-central \(args): \(r.err)")
        return r
    }

    /// The central findings as (code, subject) → (status, counties, review_state).
    func findings(_ p: Province) throws -> [String: [String]] {
        let r = try central(p.db, ["findings", "--format", "json"])
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        var out: [String: [String]] = [:]
        for f in list {
            out["\(f["code"]!) \(f["subject"]!)"] = [f["status"] as? String ?? "", f["counties"] as? String ?? "",
                                                     f["review_state"] as? String ?? ""]
        }
        return out
    }

    func testCentralFindingsAreExactlyTheManifestsAndALaterNightResolvesWhatItShould() throws {
        let p = try province()
        let planted = (p.manifest["findings"] as? [[String: Any]] ?? [])
        var expected: [String: String] = [:]
        for f in planted { expected["\(f["code"]!) \(f["subject"]!)"] = f["counties"] as? String }
        for code in ["CROSS_COUNTY_DUPLICATE", "ENROLLED_IN_TWO_COUNTIES", "DEATH_ELSEWHERE"] {
            XCTAssertTrue(expected.keys.contains { $0.hasPrefix(code + " ") }, "the manifest plants \(code)")
        }
        var found = try findings(p)
        XCTAssertEqual(Set(found.keys), Set(expected.keys), "precision and recall 1.0")
        for (k, counties) in expected { XCTAssertEqual(found[k]?[1], counties, k) }
        XCTAssertTrue(found.values.allSatisfy { $0[0] == "open" && $0[2] == "new" })
        // The near misses open nothing.
        let near = p.manifest["nearMisses"] as? [[String: Any]] ?? []
        XCTAssertFalse(near.isEmpty)
        for n in near {
            let code = n["code"] as! String, subject = n["subject"] as! String
            let hit = found.keys.filter { $0.hasPrefix(code + " " + subject) }
            if code == "DEATH_ELSEWHERE" { continue }   // a county prefix: checked by ID below
            XCTAssertEqual(hit, [], "\(n)")
        }
        for n in near where (n["code"] as? String) == "DEATH_ELSEWHERE" {
            let id = String((n["note"] as? String ?? "").prefix(18))
            let payments = try p.db.owner("SELECT string_agg(channel || ':' || txn_ref, ',') FROM county_payments WHERE id_number = '\(id)' AND county = '\(String((n["subject"] as! String).dropFirst(4).prefix(6)))'")
            for txn in payments.split(separator: ",") {
                XCTAssertNil(found["DEATH_ELSEWHERE txn:\(String((n["subject"] as! String).dropFirst(4).prefix(6))):\(txn)"], "\(n)")
            }
        }

        // Reconciling again changes nothing.
        try central(p.db, ["reconcile"])
        XCTAssertEqual(try findings(p), found)

        // A review, then the later night: county A's corrected roster terminates a moved person's
        // enrollment there; after its run, push and the city's reconcile the finding is resolved
        // and keeps its review.
        let moved = try XCTUnwrap(planted.first { ($0["code"] as? String) == "ENROLLED_IN_TWO_COUNTIES"
            && ($0["note"] as? String ?? "").contains("enrolled in both") && !($0["note"] as? String ?? "").contains("爱山东")
            && ($0["subject"] as? String ?? "").hasSuffix(":medical") })
        let subject = moved["subject"] as! String
        let id = String(subject.dropFirst(7).prefix(18))
        try central(p.db, ["review", "--code", "ENROLLED_IN_TWO_COUNTIES", "--subject", subject, "--state", "confirmed",
                           "--reviewer", "市审计局", "--note", "两地参保，已通知原县区"])
        let old = String((moved["counties"] as! String).prefix(6))
        let inbox = p.root + "/" + old + "/inbox"
        let latest = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: inbox).filter { $0.hasPrefix("enrollment_") }.sorted().last)
        let text = try ToolProcess.run("/bin/sh", ["-c", "zcat '\(inbox)/\(latest)'"]).out
        var changed = 0
        let corrected = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix(id + ","), line.contains(",医疗,正常,") else { return String(line) }
            changed += 1
            return line.replacingOccurrences(of: ",医疗,正常,", with: ",医疗,终止,")
        }.joined(separator: "\n")
        XCTAssertEqual(changed, 1)
        let night = p.root + "/night"
        try FileManager.default.createDirectory(atPath: night, withIntermediateDirectories: true)
        try Data(corrected.utf8).write(to: URL(fileURLWithPath: night + "/enrollment_20240120.csv"))
        XCTAssertEqual(try ToolProcess.run("/bin/sh", ["-c", "gzip -n '\(night)/enrollment_20240120.csv'"]).status, 0)
        let run = try ToolProcess.recond(["run", "--once", "--inbox", night, "--db", p.root + "/" + old + "/recon.sqlite"])
        XCTAssertEqual(run.status, 0, run.stderr)
        try push(p.root, old)

        // And in another county a 退费 row of the ledger reverses the 爱山东 payment of a person who
        // paid in two counties.
        let paidTwice = try XCTUnwrap(planted.first { ($0["code"] as? String) == "CROSS_COUNTY_DUPLICATE"
            && ($0["note"] as? String ?? "").contains("爱山东") }, "the manifest plants a duplicate paid through 爱山东")
        let duplicate = paidTwice["subject"] as! String
        let paidID = String(duplicate.dropFirst(7).prefix(18))
        var reversedIn = ""
        for code in p.codes {
            let rows = try Connection(path: p.root + "/" + code + "/recon.sqlite", readOnly: true).prepare("""
                SELECT l.ticket, l.name, l.town_code, l.amount_fen FROM payments_v1 p JOIN ledger l
                    ON l.channel = p.channel AND l.channel_ref = p.txn_ref AND l.pay_type = 'personal'
                WHERE p.channel = 'aishandong' AND p.id_number = ? AND p.insurance = 'medical' AND p.effective = 1
                """, persistent: false).query([.text(paidID)])
            guard let row = rows.first, case .text(let ticket) = row[0], case .text(let name) = row[1],
                  case .text(let town) = row[2], case .int(let fen) = row[3] else { continue }
            reversedIn = code
            let ledger = p.root + "/night-\(code)"
            try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true)
            let yuan = String(format: "-%d.%02d", fen / 100, fen % 100)
            try """
                电子税票号码,证件号码,姓名,征收品目,所属年度,缴费类型,金额,缴费渠道,渠道流水号,缴款时间,入库日期,乡镇代码,原电子税票号码
                999999202401210001,\(paidID),\(name),城乡居民基本医疗保险费,2024,退费,\(yuan),爱山东,ASDR20240121001,2024-01-21 09:30:00,2024-01-21,\(town),\(ticket)

                """.write(toFile: ledger + "/jinsan_ledger_20240121.csv", atomically: true, encoding: .utf8)
            XCTAssertEqual(try ToolProcess.run("/bin/sh", ["-c", "gzip -n '\(ledger)/jinsan_ledger_20240121.csv'"]).status, 0)
            let night = try ToolProcess.recond(["run", "--once", "--inbox", ledger, "--db", p.root + "/" + code + "/recon.sqlite"])
            XCTAssertEqual(night.status, 0, night.stderr)
            try push(p.root, code)
        }
        XCTAssertFalse(reversedIn.isEmpty, "a county holds the 爱山东 payment of \(paidID)")

        let r = try central(p.db, ["reconcile"])
        XCTAssertTrue(r.out.contains("2 resolved"), r.out)
        found = try findings(p)
        XCTAssertEqual(found["ENROLLED_IN_TWO_COUNTIES \(subject)"]?[0], "resolved")
        XCTAssertEqual(found["ENROLLED_IN_TWO_COUNTIES \(subject)"]?[2], "confirmed", "the review survives")
        XCTAssertEqual(found["CROSS_COUNTY_DUPLICATE \(duplicate)"]?[0], "resolved", "the reversal ends the duplicate")
        XCTAssertEqual(found.values.filter { $0[0] == "resolved" }.count, 2)
        XCTAssertEqual(try p.db.owner("SELECT state || '|' || reviewer FROM central_reviews_v1 WHERE subject = '\(subject)'"), "confirmed|市审计局")
        // The formats of `findings`.
        let csv = try central(p.db, ["findings", "--format", "csv", "--code", "DEATH_ELSEWHERE"]).out
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}代码,对象,"), String(csv.prefix(30)))
        XCTAssertEqual(csv.split(whereSeparator: \.isNewline).count - 1, expected.keys.filter { $0.hasPrefix("DEATH_ELSEWHERE") }.count)
        let table = try central(p.db, ["findings", "--county", old, "--status", "resolved"]).out
        XCTAssertTrue(table.contains(subject.prefix(20)), table)
        let status = try central(p.db, ["status"]).out
        for code in p.codes { XCTAssertTrue(status.contains(code), status) }
        // The date and text filters.
        func count(_ args: [String]) throws -> Int {
            let json = try central(p.db, ["findings", "--format", "json"] + args).out
            return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count ?? -1
        }
        XCTAssertEqual(try count(["--from", "2000-01-01", "--to", "2099-12-31"]), found.count)
        XCTAssertEqual(try count(["--to", "2000-01-01"]), 0)
        XCTAssertEqual(try count(["--text", id]), found.keys.filter { $0.contains(id) }.count)
        XCTAssertGreaterThan(try count(["--text", id]), 0)
        // A password in the URL is refused, and not repeated.
        let inURL = try ToolProcess.run(ToolProcess.path("recon-central"),
                                        ["status", "--url", p.db.url.replacingOccurrences(of: "recon_owner@", with: "recon_owner:hunter22@")])
        XCTAssertEqual(inURL.status, 1)
        XCTAssertTrue(inURL.err.contains("must not hold a password") && !inURL.err.contains("hunter22"), inURL.err)
    }
}
