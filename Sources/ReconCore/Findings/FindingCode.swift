/// The finding codes of RULES.md, each with its severity.
public enum FindingCode: String, Sendable, CaseIterable, Codable, Hashable {
    case invalidID = "INVALID_ID"
    case notEnrolled = "NOT_ENROLLED"
    case nameMismatch = "NAME_MISMATCH"
    case inactiveEnrollment = "INACTIVE_ENROLLMENT"
    case paidAfterDeath = "PAID_AFTER_DEATH"
    case duplicatePayment = "DUPLICATE_PAYMENT"
    case nonstandardAmount = "NONSTANDARD_AMOUNT"
    case tierNotAllowed = "TIER_NOT_ALLOWED"
    case shouldBeGovernmentPaid = "SHOULD_BE_GOVERNMENT_PAID"
    case missingGovernmentPayment = "MISSING_GOVERNMENT_PAYMENT"
    case governmentPaidIneligible = "GOVERNMENT_PAID_INELIGIBLE"
    case ineligiblePension = "INELIGIBLE_PENSION"
    case employeeInsured = "EMPLOYEE_INSURED"
    case latePayment = "LATE_PAYMENT"
    case refundAfterCutoff = "REFUND_AFTER_CUTOFF"
    case pooledAccount = "POOLED_ACCOUNT"
    case notInTaxLedger = "NOT_IN_TAX_LEDGER"
    case ledgerWithoutPayment = "LEDGER_WITHOUT_PAYMENT"
    case ledgerMismatch = "LEDGER_MISMATCH"
    case subsidyMismatch = "SUBSIDY_MISMATCH"
    case conflictingRecord = "CONFLICTING_RECORD"
    case duplicateRecord = "DUPLICATE_RECORD"
    case noPolicy = "NO_POLICY"

    /// The severity RULES.md gives the code.
    public var severity: Severity {
        switch self {
        case .nameMismatch, .paidAfterDeath, .duplicatePayment, .shouldBeGovernmentPaid, .governmentPaidIneligible,
             .employeeInsured, .pooledAccount, .notInTaxLedger, .ledgerWithoutPayment, .ledgerMismatch,
             .subsidyMismatch, .conflictingRecord:
            return .high
        case .invalidID, .notEnrolled, .inactiveEnrollment, .nonstandardAmount, .tierNotAllowed,
             .missingGovernmentPayment, .ineligiblePension, .refundAfterCutoff, .noPolicy:
            return .medium
        case .latePayment, .duplicateRecord:
            return .info
        }
    }
}
