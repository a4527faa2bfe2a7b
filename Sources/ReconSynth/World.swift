import ReconCore

/// All state of one generation run. Built in stages (district, references, payments, anomalies,
/// layout, evaluation, rendering); each stage lives in its own file as an extension.
final class World {
    let scale: Double
    let seed: UInt64
    let cal: Calendar
    let damaged: Bool
    let anomalies: Bool
    /// The county's 6-digit code (towns are `county` + the plan's 3-digit town number).
    let county: String
    let root: Rng
    var districtReady = false
    /// Runs once the background payments are planned (a province's links change some of them).
    var afterBackground: ((World) -> Void)?
    let gbk = GBKTranscoder()

    var towns: [Town] = []
    var villages: [Village] = []
    var households: [Household] = []
    var persons: [Person] = []
    var bodies = Set<UInt64>()

    var deaths: [DeathRecord] = []
    var deathFiles: [LocalDate] = []
    var assists: [AssistRecord] = []
    var assistFiles: [LocalDate] = []
    var employees: [EmployeeRecord] = []
    var employeeFiles: [LocalDate] = []
    /// Roster lines that the reconciler must reject (险种 not 养老/医疗): (person, text of 险种).
    var brokenRosterLines: [(person: Int, insurance: String)] = []

    var pays: [Pay] = []
    var payers: [Payer] = []
    var householdPayer: [Int64: Int32] = [:]
    var _usedKeys = Set<String>()
    var files: [FileSpec] = []

    var expected: [Expected] = []
    var nearMisses: [(text: String, pay: Int?)] = []
    /// Persons added to a household after it was built (written after its contiguous members).
    var extraMembers: [Int: [Int]] = [:]
    var notes: [String: String] = [:]

    init(options: DistrictGenerator.Options) {
        scale = options.scale
        seed = options.seed
        cal = Calendar(year: options.year)
        damaged = options.damaged
        anomalies = options.anomalies
        county = options.county
        root = Rng(seed: options.seed)
    }

    var Y: Int { cal.year }

    // MARK: helpers

    func date(_ d: Int) -> LocalDate { LocalDate(dayNumber: d) }

    func makeBody(region: Int, birth: Int, male: Bool, rng: inout Rng) -> UInt64 {
        let d = LocalDate(dayNumber: birth)
        let ymd = UInt64(d.year * 10000 + d.month * 100 + d.day)
        while true {
            var last = UInt64(rng.below(5) * 2)
            if male { last += 1 }
            let seq = UInt64(rng.below(100)) * 10 + last
            let body = UInt64(region) * 100_000_000_000 + ymd * 1000 + seq
            if !bodies.contains(body) {
                bodies.insert(body)
                return body
            }
        }
    }

    func age(of body: UInt64) -> Int { IDNumber(body: body).age(on: cal.ageRef) }

    func randomName(male: Bool, surname: String? = nil, rng: inout Rng) -> String {
        let s = surname ?? Tables.surnames[rng.weighted(Tables.surnameWeights)]
        let chars = male ? Tables.maleChars : Tables.femaleChars
        if rng.chance(0.68) {
            return s + rng.pick(chars) + rng.pick(chars)
        }
        return s + rng.pick(chars)
    }

    /// A person outside the roster (another district), for NOT_ENROLLED and reference noise.
    func addExternal(age: Int, rng: inout Rng) -> Int {
        let regions = [370402, 370403, 370404, 370481, 370405]
        let male = rng.chance(0.5)
        let b = birthDay(age: age, rng: &rng)
        let body = makeBody(region: rng.pick(regions), birth: b, male: male, rng: &rng)
        var p = Person(body: body, name: randomName(male: male, rng: &rng), male: male, birth: Int32(b),
                       age: Int16(self.age(of: body)), household: -1, village: -1, town: -1)
        p.used = true
        persons.append(p)
        return persons.count - 1
    }

    func birthDay(age a: Int, rng: inout Rng) -> Int {
        let lo = LocalDate(year: Y - 1 - a, month: 1, day: 2).dayNumber
        var hi = LocalDate(year: Y - a, month: 1, day: 1).dayNumber
        if a == 0 { hi = cal.windowEnd - 12 }
        return lo + rng.below(hi - lo + 1)
    }
}
