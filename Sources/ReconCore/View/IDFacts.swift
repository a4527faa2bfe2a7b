/// What the ID facts (RULES.md "Terms": age, assistance, employee insurance) say about one valid ID
/// under one coverage year's policy.
struct IDFacts: Sendable, Equatable {
    /// Whole years completed on the policy's age reference day.
    var age: Int
    /// Any assistance row valid in the year (any 资助类别, any 险种): may choose the hardship tier.
    var hardship: Bool
    /// Medical fully paid by the government: age ≥ full-paid age, or a valid 医疗 assistance row of a
    /// full-paid category.
    var medicalFull: Bool
    /// Medical half paid: within the half-paid ages and not fully paid.
    var medicalHalf: Bool
    /// Pension paid by the government: a valid 养老 assistance row of a severe-disability category.
    var pensionGovernment: Bool
    /// 职工养老 active in the year.
    var employeePension: Bool
    /// 职工医保 active in the year.
    var employeeMedical: Bool

    static let none = IDFacts(age: 0, hardship: false, medicalFull: false, medicalHalf: false,
                                     pensionGovernment: false, employeePension: false, employeeMedical: false)

    /// Entitled to a government payment for this insurance (and what the government pays then).
    func governmentShare(_ insurance: Insurance, _ policy: Policy) -> Int64? {
        switch insurance {
        case .pension: return pensionGovernment ? policy.governmentPensionFen : nil
        case .medical:
            if medicalFull { return policy.fullPaidGovernmentFen }
            if medicalHalf { return policy.halfPaidGovernmentFen }
            return nil
        }
    }

    /// Employee insurance of the same kind active in the year.
    func employeeInsured(_ insurance: Insurance) -> Bool {
        insurance == .pension ? employeePension : employeeMedical
    }
}
