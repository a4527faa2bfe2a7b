/// What one good file contributes, by kind of file.
public enum FileContent: Sendable {
    case payments([PaymentRecord])
    case ledger([LedgerRow])
    case enrollment([EnrollmentRow])
    case deaths([DeathRow])
    case assistance([AssistanceRow])
    case employee([EmployeeRow])
    case disbursement([DisbursementRow])

    public var count: Int {
        switch self {
        case .payments(let r): return r.count
        case .ledger(let r): return r.count
        case .enrollment(let r): return r.count
        case .deaths(let r): return r.count
        case .assistance(let r): return r.count
        case .employee(let r): return r.count
        case .disbursement(let r): return r.count
        }
    }
}
