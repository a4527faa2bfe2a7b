/// A channel statement layout declared in configuration (`[[format]]`), turned into a
/// `StatementLayout` — the same data the built-in formats are made of.
///
/// ```toml
/// [[format]]
/// name = "citybank"                 # files_v1.format
/// channel = "bank"                  # canonical channel of its payments (FORMATS.md)
/// pattern = "citybank_{date}.csv.gz"
/// encoding = "gb18030"              # or "utf8" (default)
/// delimiter = ","                   # or: widths = [3, 11, ...] and gap = 1 (fixed width, bytes)
/// header = ["流水号", "证件号码", ...] # a column-name header line (columns may then be named)
/// # header_values = 9               # or: a header line of N values (read by the totals)
/// # fields = 14                     # data fields, when there is no header of names
/// # comment_prefix = "#"  footer = "T|END"  footer_lines = 2  footer_first = "..."
/// # strip_prefix = "`"  strip_suffix = "\t"  record_type = { column = "类型", value = "D" }
/// amount_unit = "yuan"              # or "fen"
/// time_format = "yyyy-MM-dd HH:mm:ss"
/// insurance_values = { "养老" = "pension", "医疗" = "medical" }
/// # coverage_pattern = "{insurance}{year}:{id}"   (with columns.coverage)
/// payer_key = "{payer}"             # over {payer}, {agent}, {date}
/// totals = "none"                   # or wechat_summary, alipay_footer, ccb_pos_header, bank_batch_header
/// [format.kinds]
/// "成功" = "payment"
/// "冲正" = "reversal"
/// "失败" = "failed"
/// [format.columns]                  # a header name or a 1-based column number
/// kind = "状态"
/// txn_ref = "流水号"
/// amount = "金额"
/// time = "交易时间"                  # or ["交易日期", "交易时间"], read together with time_format
/// id = "证件号码"
/// insurance = "险种"
/// year = "年度"
/// payer = "账号"
/// # reversal_ref, original_ref, reversal_amount, agent, name, coverage
/// ```
enum DeclaredFormat {
    static let keys: Set<String> = [
        "name", "channel", "pattern", "encoding", "delimiter", "widths", "gap", "header", "header_values", "fields",
        "comment_prefix", "footer", "footer_lines", "footer_first", "strip_prefix", "strip_suffix", "record_type",
        "amount_unit", "time_format", "insurance_values", "coverage_pattern", "payer_key", "totals", "kinds", "columns",
    ]
    static let columnKeys: Set<String> = [
        "kind", "txn_ref", "reversal_ref", "original_ref", "amount", "reversal_amount", "time", "payer", "agent", "name",
        "id", "insurance", "year", "coverage",
    ]

    /// Reads one `[[format]]` table.
    static func read(_ t: TableReader) throws -> FileFormat {
        try t.rejectUnknown(keys)
        let name = try t.requiredString("name")
        let channelName = try t.requiredString("channel")
        guard let channel = Channel(rawValue: channelName), !channel.isLedgerOnly else {
            throw t.fail("channel", "'\(channelName)' is not a statement channel (wechat, alipay, unionpay, ccb_pos, bank)")
        }
        let patternText = try t.requiredString("pattern")
        guard let pattern = FilePattern(patternText) else {
            throw t.fail("pattern", "'\(patternText)' is not a pattern (use *, {date}, {date6} and literal text)")
        }
        let encodingText = try t.string("encoding") ?? "utf8"
        guard let encoding = TextEncoding(rawValue: encodingText == "gbk" ? "gb18030" : encodingText) else {
            throw t.fail("encoding", "'\(encodingText)' is not utf8 or gb18030")
        }

        let names = try t.strings("header") ?? []
        var framing: StatementLayout.Framing
        var fieldCount: Int
        if let widths = try t.ints("widths") {
            framing = .fixedWidth(widths: widths, gap: try t.int("gap") ?? 0)
            fieldCount = widths.count
        } else {
            let d = try t.string("delimiter") ?? ","
            guard d.utf8.count == 1, let byte = d.utf8.first else { throw t.fail("delimiter", "must be one ASCII character") }
            framing = .delimited(byte)
            guard let n = try t.int("fields") ?? (names.isEmpty ? nil : names.count) else {
                throw t.fail("fields", "give header = [...] or fields = N")
            }
            fieldCount = n
        }

        func column(_ key: String, in c: TableReader) throws -> Int? {
            guard let v = c.table[key] else { return nil }
            if let n = v.intValue, n >= 1, n <= fieldCount { return Int(n) - 1 }
            if let s = v.stringValue, let i = names.firstIndex(of: s) { return i }
            throw c.fail(key, "'\(v)' is neither a header name nor a column number 1…\(fieldCount)")
        }
        guard let cols = try t.table("columns") else { throw t.fail("columns", "missing (required)") }
        try cols.rejectUnknown(columnKeys)
        func need(_ key: String) throws -> Int {
            guard let c = try column(key, in: cols) else { throw cols.fail(key, "missing (required)") }
            return c
        }
        var timeColumns: [Int] = []
        if let v = cols.table["time"], let a = v.arrayValue {
            for e in a {
                guard let s = e.stringValue, let i = names.firstIndex(of: s) ?? e.intValue.map({ Int($0) - 1 }) else {
                    throw cols.fail("time", "'\(e)' is not a column")
                }
                timeColumns.append(i)
            }
        } else {
            timeColumns = [try need("time")]
        }
        let columns = StatementLayout.Columns(
            kind: try need("kind"), txnRef: try need("txn_ref"), reversalRef: try column("reversal_ref", in: cols),
            originalRef: try column("original_ref", in: cols), amount: try need("amount"),
            reversalAmount: try column("reversal_amount", in: cols), time: timeColumns,
            payer: try column("payer", in: cols), agent: try column("agent", in: cols),
            name: try column("name", in: cols), id: try column("id", in: cols),
            insurance: try column("insurance", in: cols), year: try column("year", in: cols),
            coverage: try column("coverage", in: cols))

        guard let kindsTable = try t.table("kinds") else { throw t.fail("kinds", "missing (required)") }
        var kinds: [String: RecordKind] = [:]
        for entry in kindsTable.table {
            guard let s = entry.value.stringValue, let k = RecordKind(rawValue: s) else {
                throw kindsTable.fail(entry.key, "must be payment, reversal or failed")
            }
            kinds[entry.key] = k
        }

        var insuranceValues: [String: Insurance] = ["养老": .pension, "医疗": .medical]
        if let iv = try t.table("insurance_values") {
            insuranceValues = [:]
            for entry in iv.table {
                guard let s = entry.value.stringValue, let ins = Insurance(rawValue: s) else {
                    throw iv.fail(entry.key, "must be pension or medical")
                }
                insuranceValues[entry.key] = ins
            }
        }
        var coverage: CoveragePattern? = nil
        if let p = try t.string("coverage_pattern") {
            guard let c = CoveragePattern(p) else {
                throw t.fail("coverage_pattern", "'\(p)' is not a pattern over {id}, {insurance}, {year}")
            }
            coverage = c
        }
        if columns.coverage != nil, coverage == nil {
            throw t.fail("coverage_pattern", "columns.coverage needs coverage_pattern")
        }
        if columns.id == nil && coverage == nil { throw cols.fail("id", "missing: give id or coverage") }

        let timeText = try t.string("time_format") ?? "yyyy-MM-dd HH:mm:ss"
        guard let timeFormat = TimeFormat(timeText) else { throw t.fail("time_format", "'\(timeText)' has no time fields") }
        let unitText = try t.string("amount_unit") ?? "yuan"
        guard let unit = StatementLayout.AmountUnit(rawValue: unitText) else { throw t.fail("amount_unit", "must be yuan or fen") }
        var totals: ControlTotalsRule? = nil
        if let tt = try t.string("totals"), tt != "none" {
            guard let rule = ControlTotalsRule(rawValue: tt) else {
                throw t.fail("totals", "'\(tt)' is not none or one of \(ControlTotalsRule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            totals = rule
        }
        var header: StatementLayout.Header = names.isEmpty ? .none : .columns(names)
        if let n = try t.int("header_values") { header = .values(fieldCount: n) }
        var footer: StatementLayout.Footer = .none
        if let f = try t.string("footer") { footer = .exact(f) }
        if let n = try t.int("footer_lines") { footer = .lines(count: n, firstLine: try t.string("footer_first") ?? "") }
        var recordType: (column: Int, value: String)? = nil
        if let rt = try t.table("record_type") {
            guard let c = try column("column", in: rt), let v = try rt.string("value") else {
                throw t.fail("record_type", "needs column and value")
            }
            recordType = (c, v)
        }
        func byte(_ key: String) throws -> UInt8? {
            guard let s = try t.string(key) else { return nil }
            guard s.utf8.count == 1 else { throw t.fail(key, "must be one ASCII character") }
            return s.utf8.first
        }
        let layout = StatementLayout(
            name: name, channel: channel, encoding: encoding, framing: framing, fieldCount: fieldCount,
            columnNames: names, strip: Strip(prefix: try byte("strip_prefix"), suffix: try byte("strip_suffix")),
            commentPrefix: try byte("comment_prefix"), header: header, footer: footer, recordType: recordType,
            columns: columns, kinds: kinds, amountUnit: unit, timeFormat: timeFormat, insuranceValues: insuranceValues,
            coveragePattern: coverage, payerKey: try t.string("payer_key") ?? "{payer}", totals: totals)
        return FileFormat(name: name, kind: .statement(layout), pattern: pattern)
    }
}
