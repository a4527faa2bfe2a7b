/// Typed, throwing access to the fields of one line, decoding text only when asked.
///
/// Holds the line's `Fields` and the file's `TextDecoder`; one per parser, reused for every line.
struct FieldReader {
    var fields = Fields()
    let decoder: TextDecoder
    /// Column names, for error messages.
    var names: [String]

    init(encoding: TextEncoding, names: [String] = []) {
        decoder = TextDecoder(encoding: encoding)
        self.names = names
    }

    func name(_ i: Int) -> String { i < names.count ? names[i] : "field \(i + 1)" }

    /// Decoded text of a field (the line was validated for its encoding beforehand).
    func text(_ i: Int) throws(LineError) -> String {
        let s = fields.withField(i) { decoder.decodeValidated($0) }
        guard let s else { throw .undecodable(field: name(i)) }
        return s
    }

    /// Calls `body` with a field's text as UTF-8 bytes, without making a String: the field itself,
    /// or in a GBK file its conversion in the decoder's buffer (so `body` decodes no other field).
    @inline(__always)
    func withUTF8<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(LineError) -> T {
        guard let v = fields.withField(i, { decoder.withValidatedUTF8($0, body) }) else {
            throw .undecodable(field: name(i))
        }
        return v
    }

    /// Decoded text; empty becomes nil.
    func optionalText(_ i: Int) throws(LineError) -> String? {
        fields.isEmpty(i) ? nil : try text(i)
    }

    /// A required non-empty text field.
    func required(_ i: Int) throws(LineError) -> String {
        guard !fields.isEmpty(i) else { throw .empty(field: name(i)) }
        return try text(i)
    }

    func yuan(_ i: Int) throws(LineError) -> Int64 {
        try money(i, Money.fen(fromYuan:))
    }

    func fen(_ i: Int) throws(LineError) -> Int64 {
        try money(i, Money.fen(fromFen:))
    }

    /// The amount of a payment, reversal or ledger row: at most `Money.maxRowFen` in absolute value.
    func rowAmount(_ i: Int, unit: StatementLayout.AmountUnit) throws(LineError) -> Int64 {
        let v = unit == .yuan ? try yuan(i) : try fen(i)
        guard v >= -Money.maxRowFen && v <= Money.maxRowFen else { throw .amountOverCap(field: name(i), got: ascii(i)) }
        return v
    }

    private func money(_ i: Int, _ parse: (UnsafeRawBufferPointer) -> Result<Int64, Money.Failure>) throws(LineError) -> Int64 {
        switch fields.withField(i, { parse($0) }) {
        case .success(let v): return v
        case .failure(let why): throw .amountUnparsable(field: name(i), why: why, got: ascii(i))
        }
    }

    func integer(_ i: Int) throws(LineError) -> Int {
        let v: Int? = fields.withField(i) { b in
            guard !b.isEmpty, b.count <= 18 else { return nil }
            var v = 0
            for c in b { guard c >= 0x30, c <= 0x39 else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        guard let v else { throw .notWholeNumber(field: name(i), got: ascii(i)) }
        return v
    }

    func date(_ i: Int) throws(LineError) -> LocalDate {
        guard let d = fields.withField(i, { TimeFormat.isoDate.parseDate(bytes: $0, referenceDate: nil) }) else {
            throw .dateUnparsable(field: name(i), got: ascii(i))
        }
        return d
    }

    func optionalDate(_ i: Int) throws(LineError) -> LocalDate? {
        fields.isEmpty(i) ? nil : try date(i)
    }

    func time(_ i: Int, _ format: TimeFormat, reference: LocalDate? = nil) throws(LineError) -> LocalDateTime {
        guard let t = fields.withField(i, { format.parse(bytes: $0, referenceDate: reference) }) else {
            throw .timeUnparsable(field: name(i), format: format, got: ascii(i))
        }
        return t
    }

    /// Raw ID text (padding removed); normalised by the caller.
    func idText(_ i: Int) throws(LineError) -> (text: String, valid: Bool) {
        let ascii = fields.withField(i) { b in !b.contains(where: { $0 >= 0x80 }) }
        if ascii, let text = fields.withField(i, { b in IDNumber.parse(b).map { $0.text(parsedFrom: b) } }) {
            return (text, true)
        }
        // Full-width digits and ideographic spaces need the text decoded first (GBK files).
        let s = try text(i)
        if !ascii, let id = IDNumber(s) { return (id.text, true) }
        return (s, false)
    }

    /// Printable ASCII of a field for messages; non-ASCII bytes become '?'. Truncated to 40 bytes.
    func ascii(_ i: Int) -> String {
        fields.withField(i) { b in
            String(decoding: b.prefix(40).map { $0 < 0x20 || $0 >= 0x7F ? 0x3F : $0 }, as: UTF8.self)
        }
    }

    /// What the listed value whose UTF-8 is the field's text means (no String made); nil when none is.
    func listed<T>(_ i: Int, _ choices: Choices<T>) throws(LineError) -> T? {
        try withUTF8(i) { choices.index(ofUTF8: $0) }.map { choices.values[$0].1 }
    }

    /// A field that must be one of the listed values.
    func oneOf<T>(_ i: Int, _ choices: Choices<T>, what: String) throws(LineError) -> T {
        // Compared as UTF-8 bytes: no String per field for the common case.
        if let v = try listed(i, choices) { return v }
        // A spelling String equality takes for a listed value (canonically equivalent).
        let s = try text(i)
        for (k, v) in choices.values where k == s { return v }
        throw .notOneOf(field: name(i), what: what, got: s, listed: choices.values.map(\.0))
    }
}

/// The values a field may take, each with what it means, and their UTF-8 for comparing a field's
/// bytes without making a String of it.
struct Choices<T> {
    let values: [(String, T)]
    private let utf8: [[UInt8]]

    init(_ values: [(String, T)]) {
        self.values = values
        utf8 = values.map { Array($0.0.utf8) }
    }

    /// The index of the value whose UTF-8 is exactly `bytes`.
    func index(ofUTF8 bytes: UnsafeRawBufferPointer) -> Int? {
        utf8.firstIndex { $0.withUnsafeBytes { memcmpEqual($0, bytes) } }
    }
}

extension Choices: Sendable where T: Sendable {}
