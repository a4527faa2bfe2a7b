import TOML
/// Reads one `[[policy]]` TOML table into a `Policy`, with errors (`ConfigError`) that name the key
/// and its line. See `Policy` for the keys.
struct PolicyReader {
    let t: TableReader
    /// The policy that supplies keys left out (`based_on`), if any.
    let base: Policy?

    static let dateKeys: Set<String> = ["year", "window_start", "window_end", "refunds_until", "age_reference_day"]
    static let keys: Set<String> = dateKeys.union([
        "waiting_days", "pension_tiers", "hardship_tier", "subsidy_bands", "government_pension",
        "government_pension_categories", "pension_min_age", "pension_max_age", "medical_total", "medical_personal",
        "medical_fiscal", "full_paid_categories", "full_paid_min_age", "full_paid_government", "half_paid_min_age",
        "half_paid_max_age", "half_paid_government", "half_paid_personal", "ledger_grace_days", "pooled_min_ids",
        "pooled_min_households", "based_on",
    ])

    func missing(_ key: String) -> ConfigError {
        var e = t.fail(key, "missing (required)")
        e.line = t.table.definitionLine
        return e
    }

    /// The value of `key`, or the base policy's, or an error saying it is required.
    func value<T>(_ key: String, _ read: (TOMLValue) throws -> T, base keyPath: KeyPath<Policy, T>) throws -> T {
        if let v = t.table[key] { return try read(v) }
        if let base, !PolicyReader.dateKeys.contains(key) { return base[keyPath: keyPath] }
        throw missing(key)
    }

    func integer(_ key: String, min: Int = 0) -> (TOMLValue) throws -> Int {
        { v in
            guard let i = v.intValue else { throw t.fail(key, "expected an integer, found \(v.typeName)") }
            guard i >= min, i <= 1_000_000 else { throw t.fail(key, "\(i) is out of range (at least \(min))") }
            return Int(i)
        }
    }

    /// Whole yuan as an integer, or decimal yuan as a string ("190.00"); never a float.
    func money(_ key: String, _ v: TOMLValue) throws -> Int64 {
        if let i = v.intValue {
            guard i >= 0, i <= 100_000_000 else { throw t.fail(key, "\(i) yuan is out of range") }
            return i * 100
        }
        if let s = v.stringValue {
            guard case .success(let fen) = Money.fen(fromYuan: Array(s.utf8)), fen >= 0 else {
                throw t.fail(key, "'\(s)' is not an amount in yuan (like 190 or \"190.00\")")
            }
            return fen
        }
        throw t.fail(key, "expected yuan as an integer or a decimal string such as \"190.00\", found \(v.typeName)")
    }

    func moneyValue(_ key: String) -> (TOMLValue) throws -> Int64 { { try money(key, $0) } }

    func date(_ key: String) -> (TOMLValue) throws -> LocalDate {
        { v in
            guard let s = v.datetimeValue ?? v.stringValue, let d = LocalDate(s), s.utf8.count == 10 else {
                throw t.fail(key, "expected a date YYYY-MM-DD, found \(v)")
            }
            return d
        }
    }

    func dateTime(_ key: String) -> (TOMLValue) throws -> LocalDateTime {
        { v in
            guard var s = v.datetimeValue ?? v.stringValue else {
                throw t.fail(key, "expected a date-time YYYY-MM-DD HH:MM:SS, found \(v.typeName)")
            }
            if s.utf8.count == 19, Array(s.utf8)[10] == 0x54 {   // TOML's 'T' delimiter
                s = String(s.prefix(10)) + " " + String(s.suffix(8))
            }
            guard let d = LocalDateTime(s) else {
                throw t.fail(key, "expected a local date-time YYYY-MM-DD HH:MM:SS (no zone), found \(v)")
            }
            return d
        }
    }

    func strings(_ key: String) -> (TOMLValue) throws -> [String] {
        { v in
            guard let a = v.arrayValue else { throw t.fail(key, "expected an array of strings, found \(v.typeName)") }
            return try a.map { e in
                guard let s = e.stringValue, !s.isEmpty else { throw t.fail(key, "expected non-empty strings, found \(e)") }
                return s
            }
        }
    }

    func tiers(_ key: String) -> (TOMLValue) throws -> [Int64] {
        { v in
            guard let a = v.arrayValue, !a.isEmpty else { throw t.fail(key, "expected a non-empty array of amounts in yuan") }
            let fen = try a.map { try money(key, $0) }
            guard Set(fen).count == fen.count, fen.allSatisfy({ $0 > 0 }) else {
                throw t.fail(key, "tiers must be positive and distinct")
            }
            return fen.sorted()
        }
    }

    func bands(_ key: String) -> (TOMLValue) throws -> [SubsidyBand] {
        { v in
            guard let a = v.arrayValue, !a.isEmpty else {
                throw t.fail(key, "expected an array of { from = yuan, subsidy = yuan } tables")
            }
            let bands = try a.map { e -> SubsidyBand in
                guard let b = e.tableValue, let from = b["from"], let subsidy = b["subsidy"], b.count == 2 else {
                    throw t.fail(key, "each band is { from = yuan, subsidy = yuan }, found \(e)")
                }
                return SubsidyBand(fromFen: try money(key, from), subsidyFen: try money(key, subsidy))
            }
            for i in bands.indices.dropFirst() where bands[i].fromFen <= bands[i - 1].fromFen {
                throw t.fail(key, "bands must be in ascending order of 'from'")
            }
            return bands
        }
    }

    func read() throws -> Policy {
        try t.rejectUnknown(PolicyReader.keys)
        guard let yv = t.table["year"] else { throw missing("year") }
        guard let y = yv.intValue, (1990...2200).contains(y) else { throw t.fail("year", "expected a coverage year such as 2025") }
        let p = Policy(
            year: Int(y),
            windowStart: try value("window_start", dateTime("window_start"), base: \.windowStart),
            windowEnd: try value("window_end", dateTime("window_end"), base: \.windowEnd),
            waitingDays: try value("waiting_days", integer("waiting_days"), base: \.waitingDays),
            refundsUntil: try value("refunds_until", date("refunds_until"), base: \.refundsUntil),
            ageReferenceDay: try value("age_reference_day", date("age_reference_day"), base: \.ageReferenceDay),
            pensionTiersFen: try value("pension_tiers", tiers("pension_tiers"), base: \.pensionTiersFen),
            hardshipTierFen: try value("hardship_tier", moneyValue("hardship_tier"), base: \.hardshipTierFen),
            subsidyBands: try value("subsidy_bands", bands("subsidy_bands"), base: \.subsidyBands),
            governmentPensionFen: try value("government_pension", moneyValue("government_pension"),
                                            base: \.governmentPensionFen),
            governmentPensionCategories: try value("government_pension_categories",
                                                   strings("government_pension_categories"),
                                                   base: \.governmentPensionCategories),
            pensionMinAge: try value("pension_min_age", integer("pension_min_age"), base: \.pensionMinAge),
            pensionMaxAge: try value("pension_max_age", integer("pension_max_age"), base: \.pensionMaxAge),
            medicalTotalFen: try value("medical_total", moneyValue("medical_total"), base: \.medicalTotalFen),
            medicalPersonalFen: try value("medical_personal", moneyValue("medical_personal"), base: \.medicalPersonalFen),
            medicalFiscalFen: try value("medical_fiscal", moneyValue("medical_fiscal"), base: \.medicalFiscalFen),
            fullPaidCategories: try value("full_paid_categories", strings("full_paid_categories"),
                                          base: \.fullPaidCategories),
            fullPaidMinAge: try value("full_paid_min_age", integer("full_paid_min_age"), base: \.fullPaidMinAge),
            fullPaidGovernmentFen: try value("full_paid_government", moneyValue("full_paid_government"),
                                             base: \.fullPaidGovernmentFen),
            halfPaidMinAge: try value("half_paid_min_age", integer("half_paid_min_age"), base: \.halfPaidMinAge),
            halfPaidMaxAge: try value("half_paid_max_age", integer("half_paid_max_age"), base: \.halfPaidMaxAge),
            halfPaidGovernmentFen: try value("half_paid_government", moneyValue("half_paid_government"),
                                             base: \.halfPaidGovernmentFen),
            halfPaidPersonalFen: try value("half_paid_personal", moneyValue("half_paid_personal"),
                                           base: \.halfPaidPersonalFen),
            ledgerGraceDays: try value("ledger_grace_days", integer("ledger_grace_days"), base: \.ledgerGraceDays),
            pooledMinIDs: try value("pooled_min_ids", integer("pooled_min_ids", min: 1), base: \.pooledMinIDs),
            pooledMinHouseholds: try value("pooled_min_households", integer("pooled_min_households", min: 1),
                                           base: \.pooledMinHouseholds))
        guard p.windowStart < p.windowEnd else { throw t.fail("window_end", "must be after window_start") }
        guard p.pensionMinAge <= p.pensionMaxAge else { throw t.fail("pension_max_age", "must not be below pension_min_age") }
        guard p.halfPaidMinAge <= p.halfPaidMaxAge else {
            throw t.fail("half_paid_max_age", "must not be below half_paid_min_age")
        }
        guard p.medicalTotalFen == p.medicalPersonalFen + p.medicalFiscalFen else {
            throw t.fail(t.table["medical_total"] != nil ? "medical_total" : "medical_personal",
                         "medical_total (\(Money.yuan(p.medicalTotalFen))) must equal medical_personal "
                             + "(\(Money.yuan(p.medicalPersonalFen))) + medical_fiscal (\(Money.yuan(p.medicalFiscalFen)))")
        }
        return p
    }
}
