/// A channel statement format as data: how lines are framed, which column means what,
/// and which control totals the file carries. `StatementParser` reads any layout.
///
/// The built-in channels are values of this type (`WeChatStatement.layout`, …), and a new
/// channel can be declared in configuration without code (`DeclaredFormat`).
public struct StatementLayout: Sendable {
    /// How a line is cut into fields.
    enum Framing: Sendable, Equatable {
        /// One-byte delimiter, no quoting.
        case delimited(UInt8)
        /// Fixed widths in bytes of the encoded line, fields separated by `gap` bytes.
        case fixedWidth(widths: [Int], gap: Int)
    }

    /// The lines before the data.
    enum Header: Sendable, Equatable {
        case none
        /// One line of column names that must match exactly.
        case columns([String])
        /// One line of values with this many fields (bank batch header, ccb_pos `H|…`), read by the totals.
        case values(fieldCount: Int)
    }

    /// The lines after the data.
    enum Footer: Sendable, Equatable {
        case none
        /// `count` lines; the first must equal `firstLine` (wechat's summary header).
        case lines(count: Int, firstLine: String)
        /// One line that must equal the text exactly (ccb_pos `T|END`); without it the file is truncated.
        case exact(String)
    }

    /// Where each meaning is found: 0-based column indices.
    struct Columns: Sendable, Equatable {
        var kind: Int
        /// A payment's txn_ref (and the original's txn_ref on a reversal when `originalRef` is nil).
        var txnRef: Int
        /// A reversal's own reference, when it is not `txnRef`.
        var reversalRef: Int?
        /// A reversal's pointer to the original payment, when it is not `txnRef`.
        var originalRef: Int?
        var amount: Int
        /// A reversal's amount, when it is not `amount`.
        var reversalAmount: Int?
        /// Time columns, concatenated and read with `timeFormat`.
        var time: [Int]
        var payer: Int?
        var agent: Int?
        var name: Int?
        var id: Int?
        var insurance: Int?
        var year: Int?
        /// A column holding ID / insurance / year in a pattern (`coveragePattern`).
        var coverage: Int?

        init(kind: Int, txnRef: Int, reversalRef: Int? = nil, originalRef: Int? = nil, amount: Int,
                    reversalAmount: Int? = nil, time: [Int], payer: Int? = nil, agent: Int? = nil, name: Int? = nil,
                    id: Int? = nil, insurance: Int? = nil, year: Int? = nil, coverage: Int? = nil) {
            self.kind = kind; self.txnRef = txnRef; self.reversalRef = reversalRef; self.originalRef = originalRef
            self.amount = amount; self.reversalAmount = reversalAmount; self.time = time; self.payer = payer
            self.agent = agent; self.name = name; self.id = id; self.insurance = insurance; self.year = year
            self.coverage = coverage
        }
    }

    enum AmountUnit: String, Sendable { case yuan, fen }

    let name: String
    let channel: Channel
    let encoding: TextEncoding
    let framing: Framing
    /// Number of fields of a data line.
    let fieldCount: Int
    /// Column names, for messages and for declared formats' mapping by name.
    let columnNames: [String]
    let strip: Strip
    /// Lines starting with this byte are comments wherever they stand (alipay `#`).
    let commentPrefix: UInt8?
    let header: Header
    let footer: Footer
    /// A data line must carry this value in this column (ccb_pos `D`).
    let recordType: (column: Int, value: String)?
    let columns: Columns
    /// Kind column value → kind.
    let kinds: [String: RecordKind]
    let amountUnit: AmountUnit
    let timeFormat: TimeFormat
    /// Insurance column values (or pattern tokens) → insurance.
    let insuranceValues: [String: Insurance]
    /// e.g. `{year}年度城乡居民基本{insurance}保险费`, `{id}|{insurance}|{year}`.
    let coveragePattern: CoveragePattern?
    /// Payer key template over `{payer}`, `{agent}` and `{date}` (RULES.md POOLED_ACCOUNT).
    let payerKey: String
    let totals: ControlTotalsRule?
    /// What the parser compares fields with, worked out once rather than for every file.
    let tables: Tables

    init(name: String, channel: Channel, encoding: TextEncoding, framing: Framing, fieldCount: Int,
                columnNames: [String], strip: Strip = .none, commentPrefix: UInt8? = nil, header: Header = .none,
                footer: Footer = .none, recordType: (column: Int, value: String)? = nil, columns: Columns,
                kinds: [String: RecordKind], amountUnit: AmountUnit = .yuan, timeFormat: TimeFormat,
                insuranceValues: [String: Insurance] = ["养老": .pension, "医疗": .medical],
                coveragePattern: CoveragePattern? = nil, payerKey: String = "{payer}", totals: ControlTotalsRule? = nil) {
        self.name = name; self.channel = channel; self.encoding = encoding; self.framing = framing
        self.fieldCount = fieldCount; self.columnNames = columnNames; self.strip = strip
        self.commentPrefix = commentPrefix; self.header = header; self.footer = footer; self.recordType = recordType
        self.columns = columns; self.kinds = kinds; self.amountUnit = amountUnit; self.timeFormat = timeFormat
        self.insuranceValues = insuranceValues; self.coveragePattern = coveragePattern; self.payerKey = payerKey
        self.totals = totals
        tables = Tables(encoding: encoding, kinds: kinds, recordType: recordType?.value, payerKey: payerKey,
                        insuranceValues: insuranceValues)
    }

    /// The layout's values as the parser compares them: kind and record-type values as the file's
    /// bytes, the insurance values as UTF-8 (longest first), the payer key's pieces.
    final class Tables: Sendable {
        let kinds: [([UInt8], RecordKind)]
        let recordType: [UInt8]?
        let insurance: [([UInt8], Insurance)]
        let payerKey: [PayerPiece]

        enum PayerPiece: Sendable { case literal([UInt8]), payer, agent, date }

        init(encoding: TextEncoding, kinds: [String: RecordKind], recordType: String?, payerKey: String,
             insuranceValues: [String: Insurance]) {
            // Encoded through one converter.
            let kindList = Array(kinds)
            let texts = kindList.map(\.key) + (recordType.map { [$0] } ?? [])
            let encoded = encoding == .gb18030 ? GB18030.encode(texts) : texts.map { Array($0.utf8) }
            self.kinds = zip(encoded, kindList).map { ($0, $1.value) }
            self.recordType = recordType.map { _ in encoded[kindList.count] }
            insurance = insuranceValues.map { (Array($0.key.utf8), $0.value) }.sorted { $0.0.count > $1.0.count }
            self.payerKey = Tables.pieces(payerKey)
        }

        static func pieces(_ template: String) -> [PayerPiece] {
            var out: [PayerPiece] = []
            var rest = Substring(template)
            var lit = ""
            while let c = rest.first {
                if c == "{", let close = rest.firstIndex(of: "}") {
                    let token = rest[rest.index(after: rest.startIndex)..<close]
                    let piece: PayerPiece? = token == "payer" ? .payer : token == "agent" ? .agent : token == "date" ? .date : nil
                    if let piece {
                        if !lit.isEmpty { out.append(.literal(Array(lit.utf8))); lit = "" }
                        out.append(piece)
                        rest = rest[rest.index(after: close)...]
                        continue
                    }
                }
                lit.append(c)
                rest = rest.dropFirst()
            }
            if !lit.isEmpty { out.append(.literal(Array(lit.utf8))) }
            return out
        }
    }

    /// Bytes of a fixed-width line: widths plus gaps.
    var lineWidth: Int? {
        guard case .fixedWidth(let w, let gap) = framing else { return nil }
        return w.reduce(0, +) + gap * max(w.count - 1, 0)
    }

    var headerLineCount: Int { header == .none ? 0 : 1 }
    var footerLineCount: Int {
        switch footer {
        case .none: return 0
        case .lines(let n, _): return n
        case .exact: return 1
        }
    }
}
