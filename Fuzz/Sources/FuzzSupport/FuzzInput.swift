import ReconCore

/// Runs one fuzz input through the real file reader, as the ingest does: the bytes are the
/// decompressed file, gzip'd here so that inflate, line splitting, decoding and the format's parser
/// all see them. Every outcome (content or quarantine) is fine; a crash, a hang or a sanitizer
/// report is the finding.
public enum FuzzInput {
    /// Small caps so that a fuzz input cannot make one execution slow: 8 MiB expanded, 64 KiB lines.
    public static let reader = FileReader(
        limits: InflateLimits(maxExpandedBytes: 8 << 20, maxRatio: 250, ratioGraceBytes: 1 << 20),
        maxLineBytes: 64 << 10)

    /// Parses `text` (decompressed bytes) as the file `name`, and checks the reader's promises.
    public static func parse(name: String, text: UnsafeRawBufferPointer) {
        let compressed = GzipWriter.compress(Array(text), level: 1)
        read(name: name, compressed: compressed)
    }

    /// Reads a compressed file as the ingest does.
    public static func read(name: String, compressed: [UInt8]) {
        let file = reader.read(name: name, bytes: compressed, sha256: "")
        // Promises the writer relies on: a quarantined file keeps its bytes and has no rejects; a
        // good one never holds more rows than data lines, and every reject names a line of the file.
        switch file.outcome {
        case .quarantined:
            precondition(file.bytes == compressed, "quarantined file lost its bytes")
            precondition(file.rejects.isEmpty, "quarantined file with rejected lines")
        case .content(let content):
            _ = content
            precondition(file.rejects.count <= file.dataRows, "more rejected lines than data lines")
            var last = 0
            for r in file.rejects {
                precondition(r.line > last, "rejects out of line order or without a line number")
                last = r.line
            }
        }
    }

    /// The first byte picks one of `choices`; the rest is the input.
    public static func split<T>(_ data: UnsafeRawBufferPointer, _ choices: [T]) -> (T, UnsafeRawBufferPointer)? {
        guard let first = data.first else { return nil }
        return (choices[Int(first) % choices.count], UnsafeRawBufferPointer(rebasing: data[1...]))
    }
}
