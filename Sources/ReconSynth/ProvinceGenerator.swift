import Foundation
import ReconCore

/// Several neighbouring counties, each a whole district of its own (`DistrictGenerator`), whose people
/// overlap as they do in life: people who moved and are enrolled in both counties (and pay in both),
/// who died in one county and kept paying in the other — planted, listed in the province's manifest
/// with every cross-county finding CENTRAL.md's rules open over the counties' files — and near misses
/// that must open nothing: moved and properly terminated in the old county, paid in each county for a
/// different year, a death registered in both counties.
///
/// `outDir/<county>/inbox` and `outDir/<county>/manifest.json` per county, `outDir/province.json`.
public struct ProvinceGenerator: Sendable {
    public struct Options: Sendable {
        public var counties: Int
        public var scale: Double
        public var seed: UInt64
        public var damaged: Bool
        public init(counties: Int = 3, scale: Double = 0.05, seed: UInt64 = 1, damaged: Bool = true) {
            self.counties = counties; self.scale = scale; self.seed = seed; self.damaged = damaged
        }
    }

    public var options: Options
    public init(options: Options) { self.options = options }

    /// 枣庄's districts first (山亭区 is the single-county demo's), then made-up codes of a province.
    public static func county(_ i: Int) -> String {
        let zaozhuang = ["370406", "370402", "370403", "370404", "370405", "370481"]
        return i < zaozhuang.count ? zaozhuang[i] : String(370_500 + i)
    }

    /// Links planted between each pair of neighbouring counties, per kind.
    func linksPerPair() -> Int { max(2, Int((40 * options.scale).rounded())) }

    @discardableResult
    public func generate(into outDir: String) throws -> ProvinceManifest {
        let n = max(1, options.counties)
        let worlds = (0..<n).map { i in
            World(options: DistrictGenerator.Options(scale: options.scale, seed: options.seed &+ UInt64(i) &* 7919,
                                                     damaged: options.damaged, county: Self.county(i)))
        }
        DispatchQueue.concurrentPerform(iterations: n) { worlds[$0].prepareDistrict() }
        var links = Linker(worlds: worlds, rng: Rng(seed: options.seed).fork("province"))
        for i in 0..<(n - 1) { links.link(i, i + 1, count: linksPerPair()) }

        var counties: [ProvinceManifest.County] = []
        var facts: [(code: String, facts: CountyFacts)] = []
        for (i, w) in worlds.enumerated() {
            let folder = (outDir as NSString).appendingPathComponent(w.county)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let out = try DistrictGenerator.write(w, into: folder)
            counties.append(.init(code: w.county, folder: w.county, seed: options.seed &+ UInt64(i) &* 7919))
            facts.append((w.county, out.evaluation.facts))
        }
        var byTxn: [String: UInt64] = [:]
        for (code, f) in facts { for p in f.payments { byTxn["txn:\(code):\(p.ch.rawValue):\(p.ref)"] = p.body } }
        let findings = CrossCountyExpected.findings(facts).map { e -> ProvinceManifest.Finding in
            let id = e.subject.hasPrefix("txn:") ? byTxn[e.subject].map { IDNumber(body: $0).text } ?? ""
                                                 : String(e.subject.split(separator: ":")[1])
            return .init(code: e.code, subject: e.subject, counties: e.counties, note: links.notes[id] ?? "UNPLANNED: a chance overlap")
        }
        let manifest = ProvinceManifest(seed: options.seed, scale: options.scale, counties: counties, findings: findings,
                                        nearMisses: links.nearMisses.sorted { ($0.code, $0.subject) < ($1.code, $1.subject) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard FileManager.default.createFile(atPath: (outDir as NSString).appendingPathComponent("province.json"),
                                             contents: try enc.encode(manifest)) else {
            throw DistrictGenerator.Failure.io("cannot write province.json")
        }
        return manifest
    }
}

/// The people two neighbouring counties share: a person of county A given, with name and birth, to a
/// person of the same sex and age in county B (the same human, on both rosters), then the kind of link.
struct Linker {
    let worlds: [World]
    var rng: Rng
    /// The planted situation of each shared ID (its 18-digit text).
    var notes: [String: String] = [:]
    var nearMisses: [ProvinceManifest.NearMiss] = []

    init(worlds: [World], rng: Rng) {
        self.worlds = worlds
        self.rng = rng
    }

    enum Kind: CaseIterable { case enrolledTwice, diedInOld, terminatedInOld, differentYears, deathInBoth }

    mutating func link(_ a: Int, _ b: Int, count: Int) {
        let A = worlds[a], B = worlds[b]
        var candidates = Self.ordinary(B)
        var yearShifted = Set<UInt64>(), viaApp = Set<UInt64>()
        for kind in Kind.allCases {
            for n in 0..<count {
                guard let (p, q) = pair(A, &candidates) else { continue }
                let body = A.persons[p].body, id = IDNumber(body: body).text
                share(A, p, with: B, q)
                let death = A.cal.windowStart + 5
                switch kind {
                case .enrolledTwice:
                    notes[id] = "moved from \(A.county) to \(B.county), enrolled in both"
                    // One pays in B through 爱山东: the ledger row is the payment, so a later night's
                    // 退费 row in the ledger reverses it (ProvinceTests).
                    if n == 0 {
                        viaApp.insert(body)
                        notes[id]! += "; pays in \(B.county) through 爱山东"
                    }
                case .diedInOld:
                    notes[id] = "died in \(A.county) (registered there), kept paying in \(B.county)"
                    var r = rng.fork("death\(id)")
                    A.addDeath(p, date: death, notice: death + 7, source: "民政", rng: &r)
                    A.persons[p].death = Int32(death)
                case .terminatedInOld:
                    notes[id] = "moved from \(A.county) to \(B.county), terminated in \(A.county)"
                    A.persons[p].med.jan = .terminated
                    if A.persons[p].pen.jan != .none { A.persons[p].pen.jan = .terminated }
                    nearMisses.append(.init(code: "ENROLLED_IN_TWO_COUNTIES", subject: "person:\(id):",
                                            note: "moved from \(A.county) to \(B.county) and terminated in \(A.county)"))
                    nearMisses.append(.init(code: "CROSS_COUNTY_DUPLICATE", subject: "person:\(id):",
                                            note: "moved and terminated: pays in \(B.county) only"))
                case .differentYears:
                    notes[id] = "enrolled in \(A.county) and \(B.county); paid \(A.Y - 1) in \(A.county), \(A.Y) in \(B.county)"
                    yearShifted.insert(body)
                    nearMisses.append(.init(code: "CROSS_COUNTY_DUPLICATE", subject: "person:\(id):",
                                            note: "paid in \(A.county) for \(A.Y - 1) and in \(B.county) for \(A.Y)"))
                case .deathInBoth:
                    notes[id] = "died; registered in \(A.county) and \(B.county); paid after in \(B.county)"
                    var r = rng.fork("death\(id)")
                    A.addDeath(p, date: death, notice: death + 7, source: "民政", rng: &r)
                    A.persons[p].death = Int32(death)
                    // B knows of the death but its background payments are planned as if not
                    // (a local PAID_AFTER_DEATH there, nothing across counties).
                    B.addDeath(q, date: death, notice: death + 7, source: "民政", rng: &r)
                    nearMisses.append(.init(code: "DEATH_ELSEWHERE", subject: "txn:\(B.county):",
                                            note: "\(id) died; registered in both \(A.county) and \(B.county)"))
                }
            }
        }
        if !viaApp.isEmpty {
            let previous = B.afterBackground
            B.afterBackground = { w in
                previous?(w)
                for k in w.pays.indices where w.pays[k].ins == .medical && viaApp.contains(w.persons[Int(w.pays[k].person)].body) {
                    w.pays[k].ch = .aishandong
                }
            }
        }
        if !yearShifted.isEmpty {
            let previous = (A.afterBackground)
            A.afterBackground = { w in
                previous?(w)
                for k in w.pays.indices where yearShifted.contains(w.persons[Int(w.pays[k].person)].body) {
                    w.pays[k].year = Int16(w.Y - 1)
                }
            }
        }
    }

    /// Persons a link may take: on a roster, alive, on no reference list, 20–55, medical 正常 all year.
    static func ordinary(_ w: World) -> [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (i, p) in w.persons.enumerated() where p.household >= 0 && !p.used && !p.isDead && !p.hardship && !p.empMed
            && !p.empPen && !p.student && p.age >= 20 && p.age <= 55 && p.med.sept == .normal && p.med.jan == .normal
            && p.idForm == 0 && p.localHukou {
            out[Int(p.age) * 2 + (p.male ? 1 : 0), default: []].append(i)
        }
        return out
    }

    /// An ordinary person of A and one of B of the same sex and age, both taken.
    mutating func pair(_ A: World, _ candidates: inout [Int: [Int]]) -> (Int, Int)? {
        for _ in 0..<2000 {
            let p = rng.below(A.persons.count)
            let a = A.persons[p]
            guard a.household >= 0, !a.used, !a.isDead, !a.hardship, !a.empMed, !a.empPen, !a.student, a.age >= 20, a.age <= 55,
                  a.med.sept == .normal, a.med.jan == .normal, a.idForm == 0, a.localHukou else { continue }
            let key = Int(a.age) * 2 + (a.male ? 1 : 0)
            guard var list = candidates[key], !list.isEmpty else { continue }
            let q = list.removeLast()
            candidates[key] = list
            return (p, q)
        }
        return nil
    }

    /// B's person becomes A's: the same ID, name, sex and birth; both are kept from the counties' plants.
    func share(_ A: World, _ p: Int, with B: World, _ q: Int) {
        let a = A.persons[p]
        B.persons[q].body = a.body
        B.persons[q].name = a.name
        B.persons[q].birth = a.birth
        B.persons[q].age = a.age
        B.bodies.insert(a.body)
        A.persons[p].used = true
        B.persons[q].used = true
    }
}
