/// Reads any `StatementLayout`: header, comment and footer lines, data lines into payments and
/// reversals, and the control totals.
///
/// A broken data line is rejected with its reason; in a file with control totals it quarantines
/// the file instead, since the totals can no longer be verified (FORMATS.md "Damaged input").
struct StatementParser: FileParser {
    let layout: StatementLayout
    /// The date in the file's name: the year of unionpay's year-less times.
    let fileDate: LocalDate?
    var reader: FieldReader
    var encoding: TextEncoding { layout.encoding }
    private(set) var dataRows = 0
    private(set) var rejects: [RejectedLine] = []
    var records: [PaymentRecord] = []
    var totals = TotalsAccumulator()
    var headerFields: [[String]] = []
    var comments: [String] = []
    /// Lines held back until we know they are not the footer.
    var held: [(bytes: [UInt8], number: Int)] = []
    /// The bytes of the line last let go from `held`, kept for the next line held (no array per line).
    var spare: [UInt8] = []
    var nonCommentLines = 0
    var scratch: [UInt8] = []
    /// The layout's values compared with fields.
    let tables: StatementLayout.Tables
    var failure: FileError?
    var estimate = RowEstimate()

    mutating func expect(textBytes: Int) { estimate.expectedBytes = textBytes }

    mutating func fail(_ error: FileError) {
        if failure == nil { failure = error }
    }

    init(layout: StatementLayout, fileDate: LocalDate?) {
        self.layout = layout
        self.fileDate = fileDate
        self.reader = FieldReader(encoding: layout.encoding, names: layout.columnNames)
        tables = layout.tables
    }

    mutating func consume(_ line: UnsafeRawBufferPointer, number: Int) throws(FileError) {
        estimate.see(line)
        var line = line
        if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeRawBufferPointer(rebasing: line[3...])
        }
        if line.isEmpty { return }
        if let p = layout.commentPrefix, line[0] == p {
            comments.append(reader.decoder.lossy(line))
            return
        }
        nonCommentLines += 1
        if nonCommentLines <= layout.headerLineCount {
            if failure == nil {
                do { try readHeader(line, number: number) } catch { fail(error) }
            }
            return
        }
        let hold = layout.footerLineCount
        if hold == 0 {
            try data(line, number: number)
            return
        }
        var bytes: [UInt8] = []
        swap(&bytes, &spare)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: line)
        held.append((bytes, number))
        if held.count > hold {
            let (bytes, n) = held.removeFirst()
            let failure = bytes.withUnsafeBytes { b -> FileError? in
                do throws(FileError) { try data(b, number: n); return nil } catch { return error }
            }
            spare = bytes
            if let failure { throw failure }
        }
    }

    mutating func readHeader(_ line: UnsafeRawBufferPointer, number: Int) throws(FileError) {
        switch layout.header {
        case .none: break
        case .columns(let names):
            let expected = names.joined(separator: layout.framingDelimiterString)
            guard reader.decoder.decode(line) == expected else {
                throw .headerNotLayout(line: number, layout: layout.name)
            }
        case .values(let n):
            let f = splitText(line)
            guard f.count == n else {
                throw .headerFieldCount(line: number, got: f.count, expected: n)
            }
            headerFields.append(f)
        }
    }

    /// Splits a header/footer line into decoded, stripped texts.
    mutating func splitText(_ line: UnsafeRawBufferPointer) -> [String] {
        guard case .delimited(let d) = layout.framing else { return [reader.decoder.lossy(line)] }
        _ = reader.fields.split(line, delimiter: d, strip: layout.strip)
        return (0..<reader.fields.count).map { i in reader.fields.withField(i) { reader.decoder.lossy($0) } }
    }

    mutating func data(_ line: UnsafeRawBufferPointer, number: Int) throws(FileError) {
        dataRows += 1
        if failure != nil { return }
        do {
            try record(line, number: number)
        } catch {
            if layout.totals != nil { fail(.brokenLine(line: number, error)); return }
            rejects.append(RejectedLine(line: number, reason: error.description, raw: reader.decoder.lossy(line)))
        }
    }

    mutating func record(_ line: UnsafeRawBufferPointer, number: Int) throws(LineError) {
        switch layout.framing {
        case .delimited(let d):
            guard reader.fields.split(line, delimiter: d, strip: layout.strip) else {
                throw .tooManyFields
            }
            guard reader.fields.count == layout.fieldCount else {
                throw .fieldCount(expected: layout.fieldCount, got: reader.fields.count)
            }
        case .fixedWidth(let widths, let gap):
            let width = layout.lineWidth!
            guard line.count == width else { throw .width(expected: width, got: line.count) }
            reader.fields.split(line, widths: widths, gap: gap, strip: layout.strip)
        }
        if let (col, _) = layout.recordType, let v = tables.recordType, !reader.fields.equals(col, v) {
            throw .recordType(expected: layout.recordType!.value)
        }
        let c = layout.columns
        guard let kind = tables.kinds.first(where: { reader.fields.equals(c.kind, $0.0) })?.1 else {
            throw .kindNotListed(field: reader.name(c.kind), got: try reader.text(c.kind))
        }
        if let rule = layout.totals {
            totals.count(kind)
            for col in rule.sumColumns {
                let v = layout.amountUnit == .yuan ? try reader.yuan(col) : try reader.fen(col)
                guard totals.add(v, column: col, kind: kind) else { throw .sumOutOfRange(field: reader.name(col)) }
            }
        }
        if kind == .failed { return }

        let isReversal = kind == .reversal
        let ref = try reader.required(isReversal ? (c.reversalRef ?? c.txnRef) : c.txnRef)
        var original: String? = nil
        if isReversal {
            original = try reader.optionalText(c.originalRef ?? c.txnRef)
        }
        let amountColumn = isReversal ? (c.reversalAmount ?? c.amount) : c.amount
        var amount = try reader.rowAmount(amountColumn, unit: layout.amountUnit)
        if isReversal {
            amount = amount < 0 ? -amount : amount
        } else if amount < 0 {
            throw .negativePayment(field: reader.name(amountColumn))
        }
        let paidAt = try time(number)

        var idField: (text: String, valid: Bool)? = nil
        var insurance: Insurance? = nil
        var year: Int? = nil
        if let col = c.coverage, let pattern = layout.coveragePattern {
            let tokens = tables.insurance
            let matched = try reader.withUTF8(col) { u -> (CoveragePattern.Match, (text: String, valid: Bool)?)? in
                guard let m = pattern.match(u, insurance: tokens) else { return nil }
                return (m, m.id.map { PaymentRecord.normalisedID(trimming: UnsafeRawBufferPointer(rebasing: u[$0])) })
            }
            guard let (m, id) = matched else {
                throw .patternMismatch(field: reader.name(col), pattern: pattern.description)
            }
            if let id { idField = id }
            insurance = m.insurance
            year = m.year
        }
        if let col = c.id { idField = try reader.idText(col) }
        if let col = c.insurance { insurance = try insuranceValue(col) }
        if let col = c.year { year = try reader.integer(col) }
        guard let idField, let insurance, let year else {
            throw .coverageMissing
        }
        let agent = try c.agent.flatMap { (col) throws(LineError) in try reader.optionalText(col) }
        estimate.makeRoom(&records)
        records.append(PaymentRecord(
            kind: kind, channel: layout.channel, ref: ref, originalRef: original,
            idText: idField.text, idValid: idField.valid, insurance: insurance, year: year, amountFen: amount,
            paidAt: paidAt, payerKey: try payerKey(agent: agent, date: paidAt.date),
            name: try c.name.flatMap { (col) throws(LineError) in try reader.optionalText(col) }, agent: agent, line: number))
    }

    /// The insurance column's value: its bytes among the layout's values, or (a canonically equivalent
    /// spelling) its text.
    func insuranceValue(_ col: Int) throws(LineError) -> Insurance {
        let tokens = tables.insurance
        let hit = try reader.withUTF8(col) { u in
            tokens.first(where: { $0.0.withUnsafeBytes { memcmpEqual($0, u) } })?.1
        }
        if let hit { return hit }
        let text = try reader.text(col)
        guard let ins = layout.insuranceValues[text] else {
            throw .insuranceNotListed(field: reader.name(col), got: text)
        }
        return ins
    }

    mutating func time(_ number: Int) throws(LineError) -> LocalDateTime {
        let cols = layout.columns.time
        if cols.count == 1 { return try reader.time(cols[0], layout.timeFormat, reference: fileDate) }
        scratch.removeAll(keepingCapacity: true)
        for col in cols { reader.fields.withField(col) { scratch.append(contentsOf: $0) } }
        let parsed = scratch.withUnsafeBytes { layout.timeFormat.parse(bytes: $0, referenceDate: fileDate) }
        guard let parsed else {
            throw .timeUnparsable(field: cols.map { reader.name($0) }.joined(separator: "+"), format: layout.timeFormat, got: nil)
        }
        return parsed
    }

    func payerKey(agent: String?, date: LocalDate) throws(LineError) -> String? {
        guard let col = layout.columns.payer else { return nil }
        let pieces = tables.payerKey
        if pieces.count == 1, case .payer = pieces[0] {
            let payer = try reader.text(col)
            return payer.isEmpty ? nil : payer
        }
        // The pieces' UTF-8 written into one String: the payer's from its field, not through a String.
        var agent = agent ?? ""
        return try reader.withUTF8(col) { payer -> String? in
            if payer.isEmpty { return nil }
            return agent.withUTF8 { agent in
                var length = 0
                for piece in pieces {
                    switch piece {
                    case .literal(let l): length += l.count
                    case .payer: length += payer.count
                    case .agent: length += agent.count
                    case .date: length += 10
                    }
                }
                return String(unsafeUninitializedCapacity: length) { buffer in
                    let out = UnsafeMutableRawBufferPointer(buffer)
                    var at = 0
                    func put(_ b: UnsafeRawBufferPointer) {
                        UnsafeMutableRawBufferPointer(rebasing: out[at..<at + b.count]).copyMemory(from: b)
                        at += b.count
                    }
                    for piece in pieces {
                        switch piece {
                        case .literal(let l): l.withUnsafeBytes(put)
                        case .payer: put(payer)
                        case .agent: put(UnsafeRawBufferPointer(agent))
                        case .date: DigitWriter.write(date, into: out, at: at); at += 10
                        }
                    }
                    return at
                }
            }
        }
    }

    mutating func finish() throws(FileError) -> FileContent {
        if let failure {
            // Held-back lines that are no valid footer were data lines.
            if !footerIsValid { dataRows += held.count }
            throw failure
        }
        if nonCommentLines < layout.headerLineCount {
            throw nonCommentLines == 0 && comments.isEmpty ? .emptyFile : .headerMissing
        }
        if !footerIsValid {
            dataRows += held.count
            switch layout.footer {
            case .none: break
            case .lines: throw .summaryLinesMissing
            case .exact(let text): throw .trailerMissing(text)
            }
        }
        if let rule = layout.totals {
            let lines = held.map(\.bytes)
            var footer: [[String]] = []
            for l in lines { footer.append(l.withUnsafeBytes { splitText($0) }) }
            if let e = rule.verify(totals, header: headerFields, footer: footer, comments: comments) { throw e }
        }
        return .payments(records)
    }
}

extension StatementParser {
    /// Whether the held-back last lines are the footer the layout requires.
    var footerIsValid: Bool {
        switch layout.footer {
        case .none: return true
        case .lines(let n, let first):
            return held.count == n && held[0].bytes.withUnsafeBytes({ reader.decoder.decode($0) }) == first
        case .exact(let text):
            return held.count == 1 && held[0].bytes.withUnsafeBytes({ reader.decoder.decode($0) }) == text
        }
    }
}

extension StatementLayout {
    var framingDelimiterString: String {
        if case .delimited(let d) = framing { return String(UnicodeScalar(d)) }
        return ""
    }
}

extension String {
    /// Without surrounding ASCII and ideographic spaces.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
