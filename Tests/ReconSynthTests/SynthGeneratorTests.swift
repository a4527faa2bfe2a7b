import Foundation
import XCTest

import ReconCore
@testable import ReconSynth
import ReconTestSupport

/// The synthetic district generator: deterministic, every format present and well formed,
/// control totals right, manifest consistent with the inbox and with its own rule evaluation.
final class SynthGeneratorTests: XCTestCase {
    static let options = DistrictGenerator.Options(scale: 0.02, seed: 7)
    nonisolated(unsafe) static var cached: (manifest: Manifest, files: [(name: String, bytes: [UInt8])])?

    static func district() -> (manifest: Manifest, files: [(name: String, bytes: [UInt8])]) {
        if let c = cached { return c }
        let c = DistrictGenerator(options: options).generateInMemory()
        cached = c
        return c
    }

    func entry(_ name: String) -> Manifest.FileEntry {
        SynthGeneratorTests.district().manifest.files.first { $0.name == name }!
    }

    static func inflate(_ bytes: [UInt8]) -> [UInt8]? {
        let gz = GzipReader(compressed: bytes, limits: .default)
        var out: [UInt8] = []
        do {
            while try gz.next({ chunk in out.append(contentsOf: chunk) }) {}
        } catch { return nil }
        return out
    }

    static func run(_ tool: String, _ args: [String], input: [UInt8]) -> (status: Int32, out: [UInt8]) {
        let r = try! ToolProcess.run(tool, args, input: input)
        return (r.status, r.outBytes)
    }

    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir + "/" + tool
        }
        return nil
    }

    func lines(_ text: [UInt8], crlf: Bool) -> [String] {
        var s = String(decoding: text, as: UTF8.self)
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        let parts = s.components(separatedBy: crlf ? "\r\n" : "\n")
        return parts.last == "" ? Array(parts.dropLast()) : parts
    }

    func utf8(_ name: String, _ bytes: [UInt8]) -> [UInt8] {
        let raw = SynthGeneratorTests.inflate(bytes)!
        let gbk = ["alipay", "unionpay", "ccb_pos", "bank", "assistance"].contains(entry(name).format ?? "")
        if !gbk { return raw }
        return Array(GB18030.decodeForTests(raw).utf8)
    }

    static func yuan(_ s: String) -> Int64 {
        var t = s
        while t.hasPrefix("`") { t.removeFirst() }
        guard case .success(let v) = Money.fen(fromYuan: Array(t.utf8)) else { XCTFail("bad amount \(s)"); return 0 }
        return v
    }

    // MARK: tests

    func testDeterministicBySeed() {
        let a = SynthGeneratorTests.district()
        let b = DistrictGenerator(options: SynthGeneratorTests.options).generateInMemory()
        XCTAssertEqual(a.files.map(\.name), b.files.map(\.name))
        XCTAssertTrue(zip(a.files, b.files).allSatisfy { $0.bytes == $1.bytes }, "same seed must give identical bytes")
        XCTAssertEqual(a.manifest, b.manifest)
        var o = SynthGeneratorTests.options
        o.seed = 8
        let c = DistrictGenerator(options: o).generateInMemory()
        let same = Dictionary(uniqueKeysWithValues: a.files.map { ($0.name, $0.bytes) })
        XCTAssertFalse(c.files.allSatisfy { same[$0.name] == $0.bytes }, "another seed must give other data")
    }

    func testEveryFormatAndDamagePresent() {
        let m = SynthGeneratorTests.district().manifest
        let formats = Set(m.files.compactMap(\.format))
        XCTAssertEqual(formats, ["wechat", "alipay", "unionpay", "ccb_pos", "bank", "ledger", "enrollment", "deaths",
                                 "assistance", "employee", "disbursement"])
        let damage = Set(m.files.compactMap(\.damage))
        XCTAssertEqual(damage, ["corrupt_gzip", "truncated_gzip", "missing_footer", "wrong_totals", "broken_line", "bad_gbk",
                                "unrecognised_name", "bad_header", "duplicate_delivery"])
        XCTAssertTrue(m.files.contains { $0.format == nil && $0.status == "quarantined" })
        XCTAssertTrue(m.files.contains { $0.status == "duplicate" })
        XCTAssertTrue(m.files.contains { $0.status == "ingested" && $0.rejectedRows > 0 && $0.format == "unionpay" })
        XCTAssertTrue(m.files.contains { $0.status == "ingested" && $0.rejectedRows > 0 && $0.format == "ledger" })
        XCTAssertTrue(m.files.contains { $0.status == "ingested" && $0.rejectedRows > 0 && $0.format == "enrollment" })
    }

    func testFilesDecompressExceptDamagedStreams() throws {
        let gunzip = try XCTUnwrap(SynthGeneratorTests.which("gunzip"))
        var multi = 0
        var checkedByGunzip = Set<String>()
        for (name, bytes) in SynthGeneratorTests.district().files {
            let e = entry(name)
            let broken = e.damage == "corrupt_gzip" || e.damage == "truncated_gzip"
            let ours = SynthGeneratorTests.inflate(bytes)
            XCTAssertEqual(ours == nil, broken, name)
            // gunzip itself on the damaged streams and on one file of every format
            if broken || checkedByGunzip.insert(e.format ?? "none").inserted {
                XCTAssertEqual(SynthGeneratorTests.run(gunzip, ["-t"], input: bytes).status != 0, broken, "gunzip -t \(name)")
            }
            if name.hasPrefix("jinsan"), bytes.count > 20 {
                var members = 0
                var i = 0
                while i + 2 < bytes.count { if bytes[i] == 0x1F && bytes[i + 1] == 0x8B && bytes[i + 2] == 0x08 { members += 1 }; i += 1 }
                if members >= 2 { multi += 1 }
            }
        }
        XCTAssertGreaterThan(multi, 0, "some ledger files have two gzip members")
    }

    func testGBKFilesDecodeWithIconv() throws {
        let iconv = try XCTUnwrap(SynthGeneratorTests.which("iconv"))
        var good: [UInt8] = [], n = 0
        for (name, bytes) in SynthGeneratorTests.district().files {
            let e = entry(name)
            guard ["alipay", "unionpay", "ccb_pos", "bank", "assistance"].contains(e.format ?? ""), let raw = SynthGeneratorTests.inflate(bytes) else { continue }
            if e.damage == "bad_gbk" {
                XCTAssertNotEqual(SynthGeneratorTests.run(iconv, ["-f", "GB18030", "-t", "UTF-8"], input: raw).status, 0, name)
            } else {
                good += raw; n += 1
            }
        }
        XCTAssertGreaterThan(n, 50)
        let r = SynthGeneratorTests.run(iconv, ["-f", "GB18030", "-t", "UTF-8"], input: good)
        XCTAssertEqual(r.status, 0, "every good GBK file decodes with iconv -f GB18030")
        XCTAssertTrue(String(decoding: r.out, as: UTF8.self).contains("支付宝业务明细查询"))
    }

    func testUnionpayLinesAre607Bytes() {
        var n = 0
        for (name, bytes) in SynthGeneratorTests.district().files where name.hasPrefix("INN") {
            let raw = SynthGeneratorTests.inflate(bytes)!
            XCTAssertEqual(raw.last, 0x0A)
            for line in raw.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
                n += 1
                if line.count != 607 { XCTAssertEqual(line.count, 606, "only the planted broken line differs"); XCTAssertEqual(entry(name).rejectedRows, 1) }
                XCTAssertFalse(line.contains(0x0D))
            }
        }
        XCTAssertGreaterThan(n, 0)
    }

    func testControlTotalsOfGoodFilesAreRight() {
        for (name, bytes) in SynthGeneratorTests.district().files {
            let e = entry(name)
            guard e.status != "duplicate", let raw = SynthGeneratorTests.inflate(bytes) else { continue }
            let good = e.status == "ingested"
            switch e.format {
            case "wechat":
                XCTAssertEqual(Array(raw.prefix(3)), [0xEF, 0xBB, 0xBF], name)
                let ls = lines(raw, crlf: true)
                if e.damage == "missing_footer" { XCTAssertNotEqual(ls[ls.count - 2].hasPrefix("总交易单数"), true); continue }
                XCTAssertTrue(ls[ls.count - 2].hasPrefix("总交易单数"), name)
                let data = ls[1..<(ls.count - 2)].map { $0.components(separatedBy: ",") }
                XCTAssertTrue(data.allSatisfy { $0.count == 27 && $0.allSatisfy { $0.hasPrefix("`") } }, name)
                let settle = data.reduce(Int64(0)) { $0 + SynthGeneratorTests.yuan($1[12]) }
                let refund = data.reduce(Int64(0)) { $0 + SynthGeneratorTests.yuan($1[16]) }
                let sum = ls.last!.components(separatedBy: ",")
                let ok = sum[0] == "`\(data.count)" && SynthGeneratorTests.yuan(sum[1]) == settle && SynthGeneratorTests.yuan(sum[2]) == refund
                XCTAssertEqual(ok, good || e.damage == "truncated_gzip", name)
            case "alipay":
                let ls = lines(utf8(name, bytes), crlf: true)
                XCTAssertEqual(ls.prefix(4).filter { $0.hasPrefix("#") }.count, 4, name)
                if e.damage == "missing_footer" { XCTAssertFalse(ls.last!.hasPrefix("#")); continue }
                let data = ls[5..<(ls.count - 4)].map { $0.components(separatedBy: ",") }
                XCTAssertTrue(data.allSatisfy { $0.count == 25 && $0[1].hasSuffix("\t") && $0[24].hasSuffix("\t") }, name)
                let pays = data.filter { $0[2] == "交易\t" }, refunds = data.filter { $0[2] == "退款\t" }
                let x = pays.reduce(Int64(0)) { $0 + SynthGeneratorTests.yuan($1[12]) }
                let y = refunds.reduce(Int64(0)) { $0 + SynthGeneratorTests.yuan($1[12]) }
                let expectT = "#交易合计：\(pays.count)笔，商家实收共\(Money.yuan(x))元，商家优惠共0.00元"
                let expectR = "#退款合计：\(refunds.count)笔，商家实收退款共\(Money.yuan(y))元，商家优惠退款共0.00元"
                if e.damage == "broken_line" { continue }
                XCTAssertEqual(ls[ls.count - 3] == expectT && ls[ls.count - 2] == expectR, good, name)
            case "ccb_pos":
                if e.damage == "bad_gbk" { continue }
                let ls = lines(utf8(name, bytes), crlf: true)
                if e.damage == "missing_footer" { XCTAssertNotEqual(ls.last, "T|END"); continue }
                XCTAssertEqual(ls.last, "T|END", name)
                let h = ls[0].components(separatedBy: "|")
                let d = ls[1..<(ls.count - 1)].map { $0.components(separatedBy: "|") }
                XCTAssertTrue(d.allSatisfy { $0.count == 15 && $0[0] == "D" }, name)
                let total = d.reduce(Int64(0)) { $0 + ($1[9] == "消费" ? 1 : -1) * SynthGeneratorTests.yuan($1[10]) }
                XCTAssertEqual(h[3] == "\(d.count)" && SynthGeneratorTests.yuan(h[4]) == total, good, name)
            case "bank":
                if e.damage == "corrupt_gzip" { continue }
                let ls = lines(utf8(name, bytes), crlf: true)
                let h = ls[0].components(separatedBy: "|")
                let d = ls.dropFirst().map { $0.components(separatedBy: "|") }
                XCTAssertTrue(d.allSatisfy { $0.count == 14 }, name)
                let ok = d.filter { $0[9] == "0" }, bad = d.filter { $0[9] == "1" }
                let checks = [h[3] == "\(d.count)",
                              SynthGeneratorTests.yuan(h[4]) == d.reduce(0) { $0 + SynthGeneratorTests.yuan($1[7]) },
                              h[5] == "\(ok.count)", SynthGeneratorTests.yuan(h[6]) == ok.reduce(0) { $0 + SynthGeneratorTests.yuan($1[8]) },
                              h[7] == "\(bad.count)", SynthGeneratorTests.yuan(h[8]) == bad.reduce(0) { $0 + SynthGeneratorTests.yuan($1[7]) }]
                XCTAssertEqual(checks.allSatisfy { $0 }, good, name)
                XCTAssertTrue(name.contains("_" + h[0] + "_"), "batch number in the header matches the name (\(name))")
            default: break
            }
        }
    }

    func testManifestListsExactlyTheInbox() throws {
        let folder = try TemporaryFolder("synth-gen")
        let root = folder.path
        let m = try DistrictGenerator(options: SynthGeneratorTests.options).generate(into: root)
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/inbox").sorted()
        XCTAssertEqual(names, m.files.map(\.name).sorted())
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/manifest.json"))
        let decoded = try JSONDecoder().decode(Manifest.self, from: data)
        XCTAssertEqual(decoded, m)
        XCTAssertEqual(m, SynthGeneratorTests.district().manifest)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"damage\" : null"), "explicit nulls")
        for f in m.files { XCTAssertNotNil(f.fileDate) }
        XCTAssertEqual(m.files.reduce(0) { $0 + $1.payments }, m.payments)
        XCTAssertEqual(m.files.reduce(0) { $0 + $1.reversals }, m.reversals)
    }

    func testEveryFindingCodeIsPlantedAndConsistent() {
        let (m, problems) = DistrictGenerator(options: SynthGeneratorTests.options).selfCheck()
        XCTAssertEqual(problems, [])
        let codes = ["INVALID_ID", "NOT_ENROLLED", "NAME_MISMATCH", "INACTIVE_ENROLLMENT", "PAID_AFTER_DEATH", "DUPLICATE_PAYMENT",
                     "NONSTANDARD_AMOUNT", "TIER_NOT_ALLOWED", "SHOULD_BE_GOVERNMENT_PAID", "MISSING_GOVERNMENT_PAYMENT",
                     "GOVERNMENT_PAID_INELIGIBLE", "INELIGIBLE_PENSION", "EMPLOYEE_INSURED", "LATE_PAYMENT", "REFUND_AFTER_CUTOFF",
                     "POOLED_ACCOUNT", "NOT_IN_TAX_LEDGER", "LEDGER_WITHOUT_PAYMENT", "LEDGER_MISMATCH", "SUBSIDY_MISMATCH",
                     "CONFLICTING_RECORD", "DUPLICATE_RECORD", "NO_POLICY"]
        XCTAssertEqual(Set(m.findings.map(\.code)), Set(codes))
        XCTAssertEqual(Set(m.plantedCounts.keys), Set(codes))
        XCTAssertFalse(m.findings.contains { $0.note.hasPrefix("UNPLANNED") })
        XCTAssertEqual(m.findings.count, Set(m.findings.map { $0.code + " " + $0.subject }).count)
        // a clean district opens nothing
        let clean = DistrictGenerator(options: .init(scale: 0.02, seed: 3, damaged: false, anomalies: false)).selfCheck()
        XCTAssertEqual(clean.problems, [])
        XCTAssertEqual(clean.manifest.findings.map(\.code), [])
    }

    /// The records ReconCore's own parsers read from the bytes are the records the generator evaluated.
    func testParsersReadWhatTheGeneratorMeant() {
        let (m, files) = SynthGeneratorTests.district()
        let reader = FileReader()
        let world = World(options: SynthGeneratorTests.options)
        _ = world.build()
        let specs = Dictionary(uniqueKeysWithValues: world.files.map { ($0.name, $0) })
        var compared = 0
        for (name, bytes) in files {
            let e = m.files.first { $0.name == name }!
            let parsed = reader.read(name: name, bytes: bytes, sha256: "")
            XCTAssertEqual(parsed.isQuarantined, e.status == "quarantined", name)
            guard e.status == "ingested", case .content(let content) = parsed.outcome, let spec = specs[name] else { continue }
            XCTAssertEqual(parsed.dataRows, e.rows, name)
            XCTAssertEqual(parsed.rejects.count, e.rejectedRows, name)
            switch content {
            case .payments(let all):
                let recs = all.filter { $0.kind != .failed }
                let mine = spec.stmtRows.filter { !(world.pays[Int($0.pay)].brokenLine && $0.kind == .payment) && $0.kind != .failed }.map { world.stmtRecord($0) }
                XCTAssertEqual(recs.count, mine.count, name)
                for (p, s) in zip(recs, mine) {
                    compared += 1
                    XCTAssertEqual(p.kind == .reversal, s.reversal, name)
                    XCTAssertEqual(p.kind == .failed, s.failed, name)
                    if s.failed { continue }
                    XCTAssertEqual(p.ref, s.ref, name)
                    switch s.ch {
                    case .bank: XCTAssertTrue(s.ref.count == 18 && s.ref.allSatisfy(\.isNumber), s.ref)
                    case .ccbPos: XCTAssertTrue(s.ref.count == 12 && s.ref.allSatisfy(\.isNumber), s.ref)
                    case .unionpay: XCTAssertTrue(s.ref.count == 18 && s.ref.allSatisfy(\.isNumber), s.ref)
                    case .wechat: XCTAssertTrue(s.ref.count == 18 && (s.ref.hasPrefix("SW") || s.ref.hasPrefix("RF")), s.ref)
                    case .alipay: XCTAssertTrue((s.ref.count == 19 && s.ref.hasPrefix("ZFB")) || (s.ref.count == 18 && s.ref.hasPrefix("TK")), s.ref)
                    default: break
                    }
                    if s.reversal { XCTAssertEqual(p.originalRef, s.orig, name) }
                    XCTAssertEqual(p.amountFen, s.amount, "\(name) \(s.ref)")
                    XCTAssertEqual(p.paidAt.seconds, s.time, "\(name) \(s.ref)")
                    XCTAssertEqual(p.insurance, s.ins, name)
                    XCTAssertEqual(p.year, s.year, name)
                    XCTAssertEqual(p.idText, IDNumber(s.idText)?.text ?? World.trimmed(s.idText), "\(name) \(s.ref)")
                    if !s.reversal && !s.payerKey.isEmpty { XCTAssertEqual(p.payerKey, s.payerKey, "\(name) \(s.ref)") }
                    if s.ch == .bank { XCTAssertEqual(p.name, s.name, name) }
                }
            case .ledger(let rows):
                let mine = spec.ledgerRows.map { world.ledgerRecord($0) }.filter { $0.amountText == nil }
                XCTAssertEqual(rows.count, mine.count, name)
                for (p, s) in zip(rows, mine) {
                    compared += 1
                    XCTAssertEqual(p.ticket, s.ticket, name)
                    XCTAssertTrue(s.ticket.count == 18 && s.ticket.hasPrefix("3370406"), s.ticket)
                    XCTAssertEqual(p.channel, s.ch, name)
                    XCTAssertEqual(p.channelRef, s.chRef, name)
                    XCTAssertEqual(p.amountFen, s.amount, name)
                    XCTAssertEqual(p.paidAt.seconds, s.time, name)
                    XCTAssertEqual(p.insurance, s.ins, name)
                    XCTAssertEqual(p.idText, IDNumber(s.idText)?.text ?? s.idText, name)
                    XCTAssertEqual(p.originalTicket ?? "", s.origTicket, name)
                }
            default: break
            }
        }
        XCTAssertGreaterThan(compared, 1000)
    }
}

extension GB18030 {
    /// Decoding for the tests, line by line with ReconCore's decoder.
    static func decodeForTests(_ bytes: [UInt8]) -> String {
        let d = TextDecoder(encoding: .gb18030)
        var out = ""
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let text = Array(line).withUnsafeBytes { d.decode($0) }
            out += (text ?? "\u{FFFD}") + "\n"
        }
        out.removeLast()
        return out
    }
}
