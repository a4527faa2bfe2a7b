#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a view snapshot: arrays of plain values as they lie in memory, texts as one array of
/// lengths and one of bytes, each section closed by its checksum (`SnapshotChecksum`).
///
/// Plain-value arrays are written straight from their storage, everything else through a 1 MB
/// buffer, so writing a county's view allocates little beyond its texts' byte arrays.
struct SnapshotWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var checksum = SnapshotChecksum()
    /// Bytes written so far, buffered ones included: where the next section starts.
    private(set) var offset = 0
    private static let bufferBytes = 1 << 20

    /// Writes to an open file descriptor (the caller closes it).
    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(Self.bufferBytes)
    }

    mutating func put<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { raw($0) }
    }

    mutating func put(_ b: Bool) { put(UInt8(b ? 1 : 0)) }

    /// An array of plain values (no references, no padding-sensitive meaning beyond this build:
    /// the snapshot's layout fingerprint ties the file to the layout).
    mutating func put<T>(plain array: [T]) {
        precondition(_isPOD(T.self), "\(T.self) is not a plain value type")
        put(UInt64(array.count))
        array.withUnsafeBytes { raw($0) }
    }

    /// Texts as lengths and bytes; a text equal to the one before it is written as a mark, and read
    /// back as the very same `String` (the roster's repeated households and villages share one).
    mutating func put(texts: [String?]) {
        var lengths = [UInt32](), bytes = [UInt8]()
        lengths.reserveCapacity(texts.count)
        var last: String?? = .none
        for t in texts {
            if let l = last, l == t {
                lengths.append(SnapshotReader.sameAsBefore)
                continue
            }
            last = .some(t)
            guard var s = t else {
                lengths.append(SnapshotReader.noText)
                continue
            }
            s.withUTF8 { u in
                lengths.append(UInt32(u.count))
                bytes.append(contentsOf: u)
            }
        }
        put(plain: lengths)
        put(plain: bytes)
    }

    mutating func put(texts: [String]) { put(texts: texts.map(Optional.some)) }

    /// Closes a section: its checksum, written outside the sum.
    mutating func endSection() {
        let sum = checksum.value.littleEndian
        withUnsafeBytes(of: sum) { append($0) }
        checksum = SnapshotChecksum()
    }

    /// Ends the file with where each section starts, their own checksum and `magic`: a reader finds
    /// the sections from the end and reads them side by side.
    mutating func putTrailer(sections: [Int], magic: UInt64) {
        var sum = SnapshotChecksum()
        let words = sections.map { UInt64($0).littleEndian }
        words.withUnsafeBytes { sum.add($0); append($0) }
        for w in [UInt64(sections.count), sum.value, magic] { withUnsafeBytes(of: w.littleEndian) { append($0) } }
    }

    /// Writes out what is buffered.
    mutating func flush() throws {
        try buffer.withUnsafeBytes { try writeOut($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func raw(_ b: UnsafeRawBufferPointer) {
        checksum.add(b)
        append(b)
    }

    private mutating func append(_ b: UnsafeRawBufferPointer) {
        offset += b.count
        if buffer.count + b.count <= Self.bufferBytes {
            buffer.append(contentsOf: b)
            return
        }
        // Large arrays go straight to the file; an error is kept for `flush`.
        do {
            try flush()
            try writeOut(b)
        } catch {
            failure = failure ?? (error as? SnapshotError)
        }
    }

    /// The first write error, thrown by `finish`.
    private(set) var failure: SnapshotError?

    /// Flushes and reports the first error of any write.
    mutating func finish() throws {
        if let failure { throw failure }
        try flush()
    }

    private func writeOut(_ b: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < b.count {
            let n = write(fd, b.baseAddress! + done, b.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError.system("write", errno)
            }
            done += n
        }
    }
}
