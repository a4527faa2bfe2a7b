import ReconCore

extension World {
    /// Towns, villages, households and persons (ages, IDs, names, students, pension enrollment).
    func buildDistrict() {
        var r = root.fork("district")
        var villageSerial = 0
        for (ti, t) in CollectionPlan.y2024.towns.enumerated() {
            let code = county + t.code.dropFirst(6)
            let nv = max(1, Int((Double(t.villages) * scale).rounded()))
            let medTarget = max(nv * 4, Int((Double(t.medicalPayers) * scale).rounded()))
            let penTarget = Int((Double(t.pensionPayers) * scale).rounded())
            var town = Town(index: ti, suffix: Int(code.suffix(3))!, code: code, name: t.name,
                            medicalTarget: medTarget, pensionTarget: penTarget)
            // village names, unique within the town
            var used = Set<String>()
            var weights: [Double] = []
            for k in 0..<nv {
                var name = ""
                repeat {
                    let a = r.pick(Tables.placeA), b = r.pick(Tables.placeB)
                    let suffix = ti == 0 ? "社区" : (k == 0 ? "社区" : "村")
                    name = a + b + suffix
                } while used.contains(name)
                used.insert(name)
                let v = Village(index: villages.count, town: ti, code: code + pad3(k + 1), name: name,
                                quoted: r.chance(0.04))
                town.villages.append(v.index)
                villages.append(v)
                weights.append(0.5 + r.unit())
                villageSerial += 1
            }
            // split the town's persons among villages
            let wsum = weights.reduce(0, +)
            var remaining = medTarget
            for (k, vi) in town.villages.enumerated() {
                let n = k == town.villages.count - 1 ? remaining : max(3, Int(Double(medTarget) * weights[k] / wsum))
                remaining -= n
                buildVillage(vi, persons: max(n, 3), rng: &r)
            }
            towns.append(town)
        }
        for i in villages.indices {
            villages[i].ccbTerminal = "5000" + pad(i + 1, 4)
            villages[i].upTerminal = "UP" + pad(i + 1, 6)
        }
        assignPension(rng: &r)
    }

    private func buildVillage(_ vi: Int, persons target: Int, rng r: inout Rng) {
        villages[vi].firstHousehold = households.count
        var made = 0
        var hh = 0
        let width = target / 2 > 9999 ? 5 : 4
        while made < target {
            var members = composeHousehold(rng: &r)
            if made + members.count > target { members = Array(members.prefix(target - made)) }
            hh += 1
            let number = villages[vi].code + pad(hh, width)
            let first = persons.count
            let headSurname = Tables.surnames[r.weighted(Tables.surnameWeights)]
            let spouseSurname = Tables.surnames[r.weighted(Tables.surnameWeights)]
            // the family name children carry: the male partner's
            let headMale = members[0].male
            let childSurname = headMale ? headSurname : spouseSurname
            for m in members {
                let surname: String
                switch m.rel {
                case 0: surname = headSurname
                case 1: surname = spouseSurname
                case 2: surname = childSurname
                default: surname = r.chance(0.5) ? childSurname : Tables.surnames[r.weighted(Tables.surnameWeights)]
                }
                let region = r.chance(0.93) ? Int(county)! : r.pick([370402, 370403, 370404, 370481])
                let b = birthDay(age: m.age, rng: &r)
                let body = makeBody(region: region, birth: b, male: m.male, rng: &r)
                var p = Person(body: body, name: randomName(male: m.male, surname: surname, rng: &r), male: m.male,
                               birth: Int32(b), age: Int16(age(of: body)), household: Int32(households.count),
                               village: Int32(vi), town: Int16(villages[vi].town))
                let a = Int(p.age)
                if a >= 6 && a <= 15 { p.student = true }
                else if a >= 16 && a <= 18 { p.student = r.chance(0.9) }
                else if a >= 19 && a <= 22 { p.student = r.chance(0.45) }
                p.localHukou = r.chance(0.95)
                // registration
                let regLo = max(b + 20, LocalDate(year: 2010, month: 1, day: 1).dayNumber)
                let regHi = cal.septSnapshot.dayNumber - 8
                if regLo > regHi {
                    p.reg = Int32(min(b + r.int(7...40), cal.windowEnd - 12))
                    p.med = Enrol(sept: .none, jan: .normal)
                } else if r.chance(0.004) && a >= 18 {
                    // moved in during the window
                    p.reg = Int32(cal.windowStart + r.below(70))
                    p.med = Enrol(sept: .none, jan: .normal)
                } else {
                    p.reg = Int32(regLo + r.below(regHi - regLo + 1))
                    p.med = Enrol(sept: .normal, jan: .normal)
                }
                persons.append(p)
                made += 1
            }
            households.append(Household(village: Int32(vi), number: number, first: Int32(first),
                                        count: Int32(members.count)))
        }
        villages[vi].householdCount = households.count - villages[vi].firstHousehold
    }

    /// Members of one household: (age, male, relation 0 head / 1 spouse / 2 child / 3 elder).
    private func composeHousehold(rng r: inout Rng) -> [(age: Int, male: Bool, rel: Int)] {
        let size = 1 + r.weighted([12, 24, 22, 20, 13, 9])
        func elderAge() -> Int { 60 + Int(35 * pow15(r.unit())) }
        func clamp(_ a: Int) -> Int { min(95, max(0, a)) }
        var out: [(Int, Bool, Int)] = []
        switch size {
        case 1:
            let male = r.chance(0.45)
            out.append((r.chance(0.58) ? elderAge() : r.int(20...59), male, 0))
        case 2:
            let u = r.unit()
            let male = r.chance(0.6)
            if u < 0.45 {
                let h = elderAge()
                out.append((h, male, 0)); out.append((clamp(h + r.int(-4...4)), !male, 1))
            } else if u < 0.8 {
                let h = r.int(22...59)
                out.append((h, male, 0)); out.append((clamp(max(18, h + r.int(-4...4))), !male, 1))
            } else {
                let h = r.int(30...62)
                out.append((h, male, 0)); out.append((clamp(h - r.int(20...34)), r.chance(0.5), 2))
            }
        default:
            var g = 0
            if size >= 5 { g = r.chance(0.6) ? 2 : 1 } else if size == 4 && r.chance(0.25) { g = 1 }
            let male = r.chance(0.7)
            let h = r.int(26...58)
            out.append((h, male, 0))
            out.append((clamp(max(20, h + r.int(-4...4))), !male, 1))
            let children = size - 2 - g
            var ca = clamp(h - r.int(22...34))
            for _ in 0..<children {
                out.append((ca, r.chance(0.52), 2))
                ca = max(0, ca - r.int(1...6))
            }
            if g > 0 {
                let ga = clamp(h + r.int(22...32))
                out.append((ga, r.chance(0.45), 3))
                if g > 1 { out.append((clamp(ga + r.int(-4...4)), !out.last!.1, 3)) }
            }
        }
        return out
    }

    /// Pension rows: the town's plan count among 16–59-year-old non-students, older ages first.
    private func assignPension(rng r: inout Rng) {
        for t in towns {
            var cands: [(key: Double, p: Int)] = []
            for vi in t.villages {
                let v = villages[vi]
                for h in v.firstHousehold..<(v.firstHousehold + v.householdCount) {
                    let hh = households[h]
                    for p in Int(hh.first)..<Int(hh.first + hh.count) {
                        let a = persons[p].age
                        guard a >= 16, a <= 59, !persons[p].student else { continue }
                        let w = a >= 45 ? 3.2 : 1.0
                        cands.append((pow(r.unit(), 1 / w), p))
                    }
                }
            }
            cands.sort { $0.key > $1.key || ($0.key == $1.key && $0.p < $1.p) }
            for c in cands.prefix(t.pensionTarget) {
                persons[c.p].pen = persons[c.p].med
                persons[c.p].tier = Int32(Tables.tierChoices[r.weighted(Tables.tierWeights)])
            }
        }
    }
}

/// Zero-padded decimal text of a non-negative integer.
func pad(_ v: Int, _ w: Int) -> String {
    var digits = 1
    var x = v
    while x >= 10 { x /= 10; digits += 1 }
    let n = max(w, digits)
    var val = v
    return String(unsafeUninitializedCapacity: n) { buf in
        var i = n - 1
        repeat { buf[i] = UInt8(val % 10) + 48; val /= 10; i -= 1 } while val > 0
        while i >= 0 { buf[i] = 48; i -= 1 }
        return n
    }
}
func pad3(_ v: Int) -> String { pad(v, 3) }

/// u^1.5 without Foundation.
func pow15(_ u: Double) -> Double { u * u.squareRoot() }


#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
