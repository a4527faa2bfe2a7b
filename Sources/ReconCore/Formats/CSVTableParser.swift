/// Reads a CSV file with one header row (reference lists and the tax ledger): checks the header,
/// splits RFC 4180 records (quoted fields may span lines), and builds one row per record.
///
/// A wrong header quarantines the file; a broken record is rejected and the rest counts.
public struct CSVTableParser<Row>: FileParser {
    let encoding: TextEncoding
    let header: [String]
    let build: (FieldReader, Int) throws(LineError) -> Row
    let wrap: ([Row]) -> FileContent
    var reader: FieldReader
    var rows: [Row] = []
    /// false: each row is still built, and so checked, but not kept (`finish` wraps no rows). An older
    /// roster snapshot that a newer good one supersedes needs only its line counts and rejects.
    var keepsRows = true
    private(set) var rejects: [RejectedLine] = []
    private(set) var dataRows = 0
    var sawHeader = false
    var failure: FileError?
    var pending: [UInt8] = []
    var pendingLine = 0
    var estimate = RowEstimate()
    let headerBytes: [UInt8]

    init(header: [String], encoding: TextEncoding,
                build: @escaping (FieldReader, Int) throws(LineError) -> Row,
                wrap: @escaping ([Row]) -> FileContent) {
        self.header = header
        self.encoding = encoding
        self.build = build
        self.wrap = wrap
        self.reader = FieldReader(encoding: encoding, names: header)
        self.headerBytes = encoding == .gb18030 ? GB18030.encode(header.joined(separator: ","))
                                                : Array(header.joined(separator: ",").utf8)
    }

    mutating func expect(textBytes: Int) { estimate.expectedBytes = textBytes }

    mutating func fail(_ error: FileError) {
        if failure == nil { failure = error }
    }

    mutating func consume(_ line: UnsafeRawBufferPointer, number: Int) throws(FileError) {
        estimate.see(line)
        if failure != nil {
            if !sawHeader { sawHeader = true } else if !line.isEmpty { dataRows += 1 }
            return
        }
        if !sawHeader {
            var l = line
            if l.count >= 3, l[0] == 0xEF, l[1] == 0xBB, l[2] == 0xBF { l = UnsafeRawBufferPointer(rebasing: l[3...]) }
            sawHeader = true
            if l.isEmpty && number == 1 { fail(.headerEmptyLine); return }
            guard headerBytes.withUnsafeBytes({ memcmpEqual($0, l) }) else {
                fail(.headerNotSpecified(line: number, expected: header))
                return
            }
            return
        }
        if pending.isEmpty {
            if line.isEmpty { return }
            process(line, number: number)
        } else {
            pending.append(0x0A)
            pending.append(contentsOf: line)
            let p = pending
            pending = []
            p.withUnsafeBytes { process($0, number: pendingLine) }
        }
    }

    mutating func process(_ record: UnsafeRawBufferPointer, number: Int) {
        var malformed = false
        if !reader.fields.splitQuoted(record, delimiter: 0x2C, strip: .none, malformed: &malformed) {
            if malformed {
                dataRows += 1
                reject(record, number, reader.fields.count > Fields.maxCount
                    ? .tooManyCSVFields(limit: Fields.maxCount, expected: header.count)
                    : .malformedQuoting)
            } else {
                // A quoted field continues on the next physical line.
                pending = Array(record)
                pendingLine = number
            }
            return
        }
        dataRows += 1
        guard reader.fields.count == header.count else {
            reject(record, number, .fieldCount(expected: header.count, got: reader.fields.count))
            return
        }
        do {
            let row = try build(reader, number)
            if keepsRows {
                estimate.makeRoom(&rows)
                rows.append(row)
            }
        } catch {
            reject(record, number, error)
        }
    }

    mutating func reject(_ record: UnsafeRawBufferPointer, _ number: Int, _ e: LineError) {
        rejects.append(RejectedLine(line: number, reason: e.description, raw: reader.decoder.lossy(record)))
    }

    mutating func finish() throws(FileError) -> FileContent {
        if let failure { throw failure }
        if !sawHeader { throw .emptyFileHeaderMissing }
        if !pending.isEmpty {
            dataRows += 1
            let p = pending
            p.withUnsafeBytes { reject($0, pendingLine, .unterminatedQuotedField) }
        }
        return wrap(rows)
    }
}
