/// Turns one arrived file (its name and compressed bytes) into a `ParsedFile`: recognises the
/// format (unless the caller already has), inflates as a stream, checks every line's encoding, and runs the format's parser.
///
/// Pure and thread-safe: workers call it in parallel, one file each.
public struct FileReader: Sendable {
    public var registry: FormatRegistry
    public var limits: InflateLimits
    public var maxLineBytes: Int

    public init(registry: FormatRegistry = .builtin, limits: InflateLimits = .default, maxLineBytes: Int = 16 << 20) {
        self.registry = registry
        self.limits = limits
        self.maxLineBytes = maxLineBytes
    }

    /// Recognises, inflates and parses one file; never throws: a bad file comes back quarantined.
    ///
    /// - Parameter keepRows: false for a roster snapshot known to be superseded: its rows are checked
    ///   and counted, not kept (the content holds none).
    public func read(name: String, bytes: [UInt8], sha256: String, keepRows: Bool = true) -> ParsedFile {
        read(name: name, as: registry.recognise(name), bytes: bytes, sha256: sha256, keepRows: keepRows)
    }

    /// Inflates and parses one file whose name was already recognised (nil: no format matched, the
    /// file is quarantined as `unrecognised name`).
    public func read(name: String, as recognised: RecognisedName?, bytes: [UInt8], sha256: String,
                     keepRows: Bool = true) -> ParsedFile {
        read(name: name, as: recognised, source: .gzip(bytes), sha256: sha256, keepRows: keepRows)
    }

    /// Parses a file's text as inflated already: the parsers' own throughput, without inflate
    /// (Benchmarks). The outcome is the one `read` gives for the same text gzip'd.
    public func read(name: String, as recognised: RecognisedName?, expanded text: [UInt8]) -> ParsedFile {
        read(name: name, as: recognised, source: .text(text), sha256: "", keepRows: true)
    }

    /// Where a file's text comes from: its gzip'd bytes, or the text itself.
    enum Source {
        case gzip([UInt8])
        case text([UInt8])

        var bytes: [UInt8] {
            switch self {
            case .gzip(let b), .text(let b): return b
            }
        }
    }

    func read(name: String, as recognised: RecognisedName?, source: Source, sha256: String, keepRows: Bool) -> ParsedFile {
        let bytes = source.bytes
        var file = ParsedFile(name: name, sha256: sha256, size: bytes.count, bytes: bytes, format: nil, fileDate: nil,
                              outcome: .quarantined(.unrecognisedName), dataRows: 0, rejects: [])
        guard let recognised else { return file }
        let (format, date) = (recognised.format, recognised.date)
        file.format = format
        file.fileDate = date
        // One dispatch per file to a concrete parser type, so the per-line generic code is specialised.
        switch format.kind {
        case .statement(let layout): run(StatementParser(layout: layout, fileDate: date), source, &file)
        case .ledger: run(LedgerFile.parser(), source, &file)
        case .enrollment:
            var parser = EnrollmentFile.parser()
            parser.keepsRows = keepRows
            run(parser, source, &file)
        case .deaths: run(DeathsFile.parser(), source, &file)
        case .assistance: run(AssistanceFile.parser(), source, &file)
        case .employee: run(EmployeeFile.parser(), source, &file)
        case .disbursement: run(DisbursementFile.parser(), source, &file)
        }
        if file.isQuarantined { file.rejects = [] } else { file.bytes = [] }
        return file
    }

    /// Inflates with igzip; a file that is quarantined so is read again from the start with zlib, the
    /// reference, whose verdict and reason stand (`Inflater`): only accepted files keep igzip's
    /// reading, and for those the two engines give the same bytes.
    func run<P: FileParser>(_ parser: P, _ source: Source, _ file: inout ParsedFile, engine: InflateEngine = .igzip) {
        var parsing = parser
        var streamFailed = false
        do {
            let content = try parse(source, with: &parsing, engine: engine, streamFailed: &streamFailed)
            file.outcome = .content(content)
            file.rejects = parsing.rejects
        } catch {
            if engine != .zlib { return run(parser, source, &file, engine: .zlib) }
            file.outcome = .quarantined(error)
        }
        // An unreadable gzip stream has no lines to speak of, however far inflate got.
        file.dataRows = streamFailed ? 0 : parsing.dataRows
    }

    func parse<P: FileParser>(_ source: Source, with parser: inout P, engine: InflateEngine,
                              streamFailed: inout Bool) throws(FileError) -> FileContent {
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        let encoding = parser.encoding
        var failure: FileError?
        var undecodable = false
        func handle(_ line: UnsafeRawBufferPointer, _ number: Int) throws {
            // After an undecodable line the rest is only counted, not decoded. A line of ASCII
            // without NUL is valid in every encoding and holds no byte-order mark.
            if !undecodable, let high = LineCheck.firstHighOrNUL(line) {
                if let offset = LineCheck.firstInvalid(line, from: high, encoding) {
                    undecodable = true
                    parser.fail(line[offset] == 0 ? .nulByte(line: number, offset: offset)
                                                  : .undecodable(line: number, encoding: encoding, offset: offset))
                } else if number > 1, let offset = LineCheck.byteOrderMark(line, from: high, encoding) {
                    // A BOM is a file's first bytes; inside a file it means two files were joined (or
                    // one was cut and re-exported): the rows cannot be trusted to be one delivery.
                    undecodable = true
                    parser.fail(.byteOrderMark(line: number, offset: offset))
                }
            }
            try parser.consume(line, number: number)
        }
        do {
            switch source {
            case .gzip(let bytes):
                parser.expect(textBytes: GzipReader.statedSize(bytes))
                let gz = GzipReader(compressed: bytes, limits: limits, engine: engine)
                while try gz.next({ chunk in try splitter.feed(chunk, handle) }) {}
            case .text(let text):
                parser.expect(textBytes: text.count)
                // In chunks of the size inflate hands over.
                try text.withUnsafeBytes { all in
                    var at = 0
                    while at < all.count {
                        let end = min(all.count, at + GzipReader.outputChunkSize)
                        try splitter.feed(UnsafeRawBufferPointer(rebasing: all[at..<end]), handle)
                        at = end
                    }
                }
            }
            try splitter.finish(handle)
        } catch let e as FileError {
            failure = e
        } catch let e as GzipError {
            streamFailed = true
            failure = .gzip(e)
        } catch let e as LineSplitter.LineTooLong {
            failure = .lineTooLong(line: e.lineNumber, limit: e.limit)
        } catch {
            failure = .unexpected("\(error)")
        }
        if let failure { throw failure }
        return try parser.finish()
    }
}
