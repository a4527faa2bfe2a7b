/// A tiny line-at-a-time parser for one kind of file.
///
/// The driver hands it every physical line (already checked for the file's encoding) and
/// then asks for the content; a `FileError` from either quarantines the whole file.
protocol FileParser {
    /// The file's encoding, which the driver validates every line against.
    var encoding: TextEncoding { get }
    mutating func consume(_ line: UnsafeRawBufferPointer, number: Int) throws(FileError)
    mutating func finish() throws(FileError) -> FileContent
    /// Marks the file as quarantined for `error`: later lines are only counted (files_v1.rows holds the
    /// data lines of the whole file), and `finish` throws the first error.
    mutating func fail(_ error: FileError)
    /// Data lines read (including rejected ones; excluding header, comment, summary and trailer lines).
    var dataRows: Int { get }
    var rejects: [RejectedLine] { get }
    /// The text the file is expected to expand to (a hint: 0 when unknown), to reserve room for its rows.
    mutating func expect(textBytes: Int)
}

extension TextDecoder {
    /// The line as received, for `rejects_v1.raw`: decoded, or with invalid bytes replaced.
    func lossy(_ line: UnsafeRawBufferPointer) -> String {
        decode(line) ?? String(decoding: line.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
    }
}
