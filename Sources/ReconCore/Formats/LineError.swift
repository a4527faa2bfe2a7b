/// Why one line was rejected: the reason a reviewer reads in `rejects_v1`.
///
/// Reasons never quote ID numbers or names (they are personal data); they name the field.
/// `description` is the stored text: public contract, compared byte for byte outside the project.
///
/// `indirect`: one pointer (72 bytes inline), so the per-field `throws(LineError)` accessors of
/// `FieldReader` return as little as the former struct of one String did; only a throw allocates.
public indirect enum LineError: Error, Sendable, CustomStringConvertible, Hashable {
    case fieldCount(expected: Int, got: Int)
    case width(expected: Int, got: Int)
    /// A statement line with more fields than `Fields` holds.
    case tooManyFields
    /// A CSV record with more than `limit` fields.
    case tooManyCSVFields(limit: Int, expected: Int)
    case malformedQuoting
    case unterminatedQuotedField
    /// `field` names the column; `got` is the field as printable ASCII (`FieldReader.ascii`) or, for
    /// values the format lists, its text.
    case undecodable(field: String)
    case empty(field: String)
    case amountUnparsable(field: String, why: Money.Failure, got: String)
    /// A payment, reversal or ledger amount above `Money.maxRowFen` in absolute value.
    case amountOverCap(field: String, got: String)
    /// A column summed for the control totals whose Σ|value| over the rows so far exceeds Int64.
    case sumOutOfRange(field: String)
    case notWholeNumber(field: String, got: String)
    case dateUnparsable(field: String, got: String)
    /// `got` is nil when the time is read from several columns together.
    case timeUnparsable(field: String, format: TimeFormat, got: String?)
    case notOneOf(field: String, what: String, got: String, listed: [String])
    case recordType(expected: String)
    case kindNotListed(field: String, got: String)
    case negativePayment(field: String)
    case patternMismatch(field: String, pattern: String)
    case insuranceNotListed(field: String, got: String)
    case coverageMissing
    /// ledger: 金额's sign does not fit 缴费类型 (`refund`: 退费, must be negative).
    case ledgerSign(refund: Bool)
    case assistanceCategory(got: String)
    case disbursementCategory(got: String, insurance: Insurance)

    public var description: String {
        switch self {
        case .fieldCount(let expected, let got): return "wrong field count: expected \(expected), got \(got)"
        case .width(let expected, let got): return "wrong line width: expected \(expected) bytes, got \(got)"
        case .tooManyFields: return "too many fields"
        case .tooManyCSVFields(let limit, let expected): return "too many fields: more than \(limit) (expected \(expected))"
        case .malformedQuoting: return "malformed quoting"
        case .unterminatedQuotedField: return "unterminated quoted field"
        case .undecodable(let field): return "\(field): cannot be decoded"
        case .empty(let field): return "\(field): empty"
        case .amountUnparsable(let field, let why, let got): return "\(field): amount does not parse (\(Self.text(why))): '\(got)'"
        case .amountOverCap(let field, let got): return "\(field): amount exceeds 10,000,000.00 yuan in absolute value: '\(got)'"
        case .sumOutOfRange(let field): return "\(field): the sum over the rows is out of range"
        case .notWholeNumber(let field, let got): return "\(field): not a whole number: '\(got)'"
        case .dateUnparsable(let field, let got): return "\(field): date does not parse: '\(got)'"
        case .timeUnparsable(let field, let format, let got):
            return "\(field): time does not parse as \(format)" + (got.map { ": '\($0)'" } ?? "")
        case .notOneOf(let field, let what, let got, let listed):
            return "\(field): \(what) '\(got.prefix(20))' is not one of \(listed.joined(separator: " / "))"
        case .recordType(let expected): return "record type is not \(expected)"
        case .kindNotListed(let field, let got): return "\(field): kind value '\(got.prefix(20))' is not one the format lists"
        case .negativePayment(let field): return "\(field): a payment amount cannot be negative"
        case .patternMismatch(let field, let pattern): return "\(field): does not fit the pattern \(pattern)"
        case .insuranceNotListed(let field, let got): return "\(field): insurance '\(got.prefix(20))' is not one the format lists"
        case .coverageMissing: return "the line does not name the ID number, insurance and year"
        case .ledgerSign(let refund):
            return "金额: sign does not fit 缴费类型 \(refund ? "退费 (must be negative)" : "(must not be negative)")"
        case .assistanceCategory(let got): return "资助类别: '\(got.prefix(20))' is not a listed category"
        case .disbursementCategory(let got, let insurance):
            return "补助类别: '\(got.prefix(20))' is not a category of \(insurance.chinese)"
        }
    }

    /// How `amountUnparsable` says why.
    static func text(_ why: Money.Failure) -> String {
        switch why {
        case .empty: return "empty"
        case .notANumber: return "not a number"
        case .tooManyDecimals: return "too many decimals"
        case .overflow: return "out of range"
        }
    }
}
