import Foundation
import ReconCore

/// Generates a synthetic district: every input file of FORMATS.md in an inbox, plus a manifest of
/// what the files hold and which findings of RULES.md must be open after reconciling them.
public struct DistrictGenerator: Sendable {
    public struct Options: Sendable {
        public var scale: Double = 1.0
        public var seed: UInt64 = 1
        public var year: Int = 2024
        public var damaged: Bool = true
        public var anomalies: Bool = true
        /// The county's 6-digit code: the first digits of every 乡镇代码, and the region of most IDs.
        public var county: String = "370406"
        public init(scale: Double = 1.0, seed: UInt64 = 1, year: Int = 2024, damaged: Bool = true, anomalies: Bool = true,
                    county: String = "370406") {
            self.scale = scale; self.seed = seed; self.year = year; self.damaged = damaged; self.anomalies = anomalies
            self.county = county
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case io(String)
        /// The inbox holds files no earlier generation listed in its manifest: someone else's.
        case foreignInboxFiles(inbox: String, names: [String])
        public var description: String {
            switch self {
            case .io(let s): return s
            case .foreignInboxFiles(let inbox, let names):
                let shown = names.sorted().prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "")
                return "\(inbox) holds \(names.count) files the generator did not make (\(shown)); nothing was "
                    + "changed: move them, or generate into a new folder"
            }
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// The file names an earlier generation into `outDir` listed in its `manifest.json` (none when
    /// there is no manifest).
    public static func manifestFileNames(in outDir: String) throws -> [String] {
        let path = (outDir as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data).files.map(\.name)
        } catch {
            throw Failure.io("\(path) is not a manifest the generator wrote: \(error)")
        }
    }

    /// Throws `Failure.foreignInboxFiles` when `outDir/inbox` holds a file an earlier generation did
    /// not list in `outDir/manifest.json`.
    public static func checkInbox(of outDir: String) throws {
        let inbox = (outDir as NSString).appendingPathComponent("inbox")
        guard let present = try? FileManager.default.contentsOfDirectory(atPath: inbox) else { return }
        let earlier = Set(try manifestFileNames(in: outDir))
        let foreign = present.filter { !earlier.contains($0) }
        guard foreign.isEmpty else { throw Failure.foreignInboxFiles(inbox: inbox, names: foreign) }
    }

    /// Writes `outDir/inbox/*.gz` and `outDir/manifest.json`; returns the manifest.
    /// The files an earlier generation listed in `outDir/manifest.json` are replaced (the manifest lists
    /// exactly the inbox); an inbox holding any other file is refused (`Failure.foreignInboxFiles`)
    /// before anything is written or removed.
    @discardableResult
    public func generate(into outDir: String) throws -> Manifest {
        try Self.write(World(options: options), into: outDir).manifest
    }

    /// Renders `world` into `outDir/inbox` and writes its `manifest.json` (see `generate`).
    static func write(_ world: World, into outDir: String) throws -> BuildOutput {
        let fm = FileManager.default
        let inbox = (outDir as NSString).appendingPathComponent("inbox")
        try fm.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try Self.checkInbox(of: outDir)
        for old in try fm.contentsOfDirectory(atPath: inbox) {
            try fm.removeItem(atPath: (inbox as NSString).appendingPathComponent(old))
        }
        let failures = Locked<[String]>([])
        let out = world.renderConcurrently { f, bytes in
            let path = (inbox as NSString).appendingPathComponent(f.name)
            if !fm.createFile(atPath: path, contents: Data(bytes)) { failures.withLock { $0.append("cannot write \(path)") } }
        }
        if let e = failures.withLock({ $0.first }) { throw Failure.io(e) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try enc.encode(out.manifest)
        guard fm.createFile(atPath: (outDir as NSString).appendingPathComponent("manifest.json"), contents: json) else {
            throw Failure.io("cannot write manifest.json")
        }
        return out
    }

    /// Builds the district without writing anything and reports where the planted findings and the
    /// findings of the rules (as the generator evaluates RULES.md) differ. Empty when consistent.
    public func selfCheck() -> (manifest: Manifest, problems: [String]) {
        let out = World(options: options).build()
        return (out.manifest, out.problems)
    }

    /// Builds the district in memory and returns the manifest and each file's bytes (for tests).
    public func generateInMemory() -> (manifest: Manifest, files: [(name: String, bytes: [UInt8])]) {
        let world = World(options: options)
        let rendered = Locked<[String: [UInt8]]>([:])
        let out = world.renderConcurrently { f, bytes in rendered.withLock { $0[f.name] = bytes } }
        let files = rendered.withLock { $0 }
        return (out.manifest, out.files.map { (name: $0.name, bytes: files[$0.name]!) })
    }
}

extension World {
    /// Builds the district and hands every file's bytes to `sink` (called concurrently): the files are
    /// rendered while the evaluation runs; the disbursement claims, which need it, come last.
    func renderConcurrently(_ sink: @escaping @Sendable (FileSpec, [UInt8]) -> Void) -> BuildOutput {
        prepare()
        let evaluated = Locked<BuildOutput?>(nil)
        let done = DispatchSemaphore(value: 0)
        // a thread of its own, so the evaluation never waits behind the rendering workers
        let evaluator = Thread {
            let output = self.finish()
            evaluated.withLock { $0 = output }
            done.signal()
        }
        evaluator.stackSize = 16 << 20
        evaluator.start()
        // biggest first, so that no large file is left for the end
        var early = files.filter { if case .disbursement = $0.kind { return false }; return true }
        func weight(_ f: FileSpec) -> Int {
            switch f.kind {
            case .enrollment: return persons.count * 150
            case .ledger: return f.ledgerRows.count * 190
            case .stmt(.unionpay, _): return f.stmtRows.count * 620
            case .stmt: return f.stmtRows.count * 330
            default: return 1000
            }
        }
        early.sort { (weight($0), $0.name) > (weight($1), $1.name) }
        let work = early
        let next = Locked(0)
        let workers = max(2, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.withLock { n in
                    defer { n += 1 }
                    return n
                }
                if i >= work.count { break }
                sink(work[i], fileBytes(work[i], claims: [:]))
            }
        }
        done.wait()
        let out = evaluated.withLock { $0! }
        for f in out.files { if case .disbursement = f.kind { sink(f, fileBytes(f, claims: out.claimLines)) } }
        return out
    }
}

extension World: @unchecked Sendable {}
extension FileSpec: @unchecked Sendable {}

struct BuildOutput {
    var files: [FileSpec]
    var manifest: Manifest
    var problems: [String]
    var claimLines: [ObjectIdentifier: [(SubsidyKey, SubsidyValue)]]
    var evaluation: Evaluation
}

extension World {
    /// All stages up to the manifest (no file bytes yet).
    func build() -> BuildOutput {
        prepare()
        return finish()
    }

    private func lap(_ s: String, _ t0: inout Date) {
        if ProcessInfo.processInfo.environment["SYNTH_TIMING"] != nil {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            let cpu = Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
            FileHandle.standardError.write("\(s): \(Date().timeIntervalSince(t0)) s (thread cpu so far \(cpu))\n".data(using: .utf8)!)
        }
        t0 = Date()
    }

    /// The people: towns, villages, households, persons and the reference lists. Done once; a
    /// province generator links several counties' people (`ProvinceGenerator`) before the rest.
    func prepareDistrict() {
        guard !districtReady else { return }
        var t0 = Date()
        buildDistrict(); lap("district", &t0)
        buildReferences(); lap("references", &t0)
        districtReady = true
    }

    /// Everything up to the file layout: after this every file but the disbursement claims can be rendered.
    func prepare() {
        prepareDistrict()
        var t0 = Date()
        func lap(_ s: String) { self.lap(s, &t0) }
        planBackground(); lap("background")
        afterBackground?(self)
        let slots = plantAll()
        lap("plants")
        assignReferences(); lap("refs")
        layoutFiles(slots: slots)
        addReferenceFiles()
        if damaged { applyFileDamage() }
        files.sort(by: FileSpec.ordered)
        lap("layout")
    }

    /// Evaluation, claims and manifest.
    func finish() -> BuildOutput {
        var t0 = Date()
        func lap(_ s: String) { self.lap(s, &t0) }
        // claims need the data; the subsidy findings need the claims
        var ev = evaluate()
        lap("evaluate")
        let (claimFiles, merged) = makeClaims(actual: ev.actual)
        subsidyFindings(&ev, claims: merged, claimFiles: claimFiles)
        var claimLines: [ObjectIdentifier: [(SubsidyKey, SubsidyValue)]] = [:]
        for (f, c) in claimFiles { claimLines[ObjectIdentifier(f)] = c.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

        let manifest = makeManifest(ev)
        // self-check: what was planted must be exactly what the rules find
        var problems: [String] = ev.ambiguities.map { "ambiguous: " + $0 }
        let planned = resolveExpected()
        for k in planned.keys.sorted() where ev.findings[k] == nil { problems.append("planted but not found: \(k.code) \(k.subject) — \(planned[k]!)") }
        for k in ev.findings.keys.sorted() where planned[k] == nil { problems.append("found but not planted: \(k.code) \(k.subject)") }
        lap("manifest")
        return BuildOutput(files: files, manifest: manifest, problems: problems, claimLines: claimLines, evaluation: ev)
    }

    func makeManifest(_ ev: Evaluation) -> Manifest {
        let resolved = resolveExpected()
        var entries: [Manifest.FileEntry] = []
        for f in files {
            var rows = f.rows
            // An unreadable stream has no lines; a duplicate delivery is skipped unread.
            if f.damage == "corrupt_gzip" || f.damage == "truncated_gzip" || f.duplicateOf != nil { rows = 0 }
            entries.append(Manifest.FileEntry(
                name: f.name, format: f.format, fileDate: f.date.description, status: f.status, damage: f.damage,
                rows: rows, rejectedRows: f.counts ? f.rejected : 0, payments: f.counts ? f.newPayments : 0,
                reversals: f.counts ? f.newReversals : 0, note: f.note))
        }
        var findings: [Manifest.PlantedFinding] = []
        var counts: [String: Int] = [:]
        for (k, sev) in ev.findings.sorted(by: { $0.key < $1.key }) {
            let note = resolved[k] ?? "UNPLANNED: not planted on purpose"
            findings.append(Manifest.PlantedFinding(code: k.code, subject: k.subject, severity: sev, note: note))
            counts[k.code, default: 0] += 1
        }
        var near = nearMisses.map { nm -> String in
            guard let k = nm.pay else { return nm.text }
            return nm.text + " [txn:\(pays[k].ch.rawValue):\(pays[k].ref)]"
        }
        near.append(contentsOf: backgroundNearMisses())
        return Manifest(seed: seed, scale: scale, year: Y, asOf: ev.asOf.description, files: entries,
                        payments: ev.payments, reversals: ev.reversals, findings: findings, plantedCounts: counts,
                        nearMisses: near)
    }

    /// The compressed bytes of a file as written (gzip; damage of the stream included).
    func fileBytes(_ f: FileSpec, claims: [ObjectIdentifier: [(SubsidyKey, SubsidyValue)]]) -> [UInt8] {
        let source = f.duplicateOf ?? f
        let raw = render(source, claims: claims)
        var gz: [UInt8]
        if source.twoMembers {
            let cut = ledgerSplit(raw)
            gz = GzipWriter.compress(Array(raw[..<cut]), level: 4) + GzipWriter.compress(Array(raw[cut...]), level: 4)
        } else {
            gz = GzipWriter.compress(raw, level: 4)
        }
        switch f.damage {
        case "corrupt_gzip":
            let start = 10 + (gz.count - 18) / 3
            for i in start..<min(gz.count - 8, start + 40) { gz[i] = UInt8(truncatingIfNeeded: 0xFF &- (i &* 37)) }
        case "truncated_gzip":
            gz = Array(gz[..<(gz.count * 3 / 5)])
        default: break
        }
        return gz
    }
}
