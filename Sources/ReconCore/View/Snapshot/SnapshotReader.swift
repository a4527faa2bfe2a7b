#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads what `SnapshotWriter` wrote, in the same order, checking each section's checksum at its
/// end. Plain-value arrays are read straight into their storage; counts are checked against the
/// bytes left in the file before anything is allocated, so a damaged count cannot ask for more
/// memory than the file holds.
struct SnapshotReader {
    /// Length marks of `put(texts:)`.
    static let sameAsBefore = UInt32.max
    static let noText = UInt32.max - 1

    private let fd: Int32
    /// Where the next read from the file starts.
    private var filePosition: Int
    /// Bytes of the range not yet read.
    private var remaining: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var checksum = SnapshotChecksum()
    private static let bufferBytes = 1 << 20

    /// Reads `count` bytes from `offset` of an open file (the caller closes it). Readers of one file
    /// may read side by side: each reads at its own positions.
    init(fd: Int32, offset: Int, count: Int) {
        self.fd = fd
        filePosition = offset
        remaining = count
    }

    /// The section offsets `SnapshotWriter.putTrailer` wrote at the end of a file of `size` bytes;
    /// each section ends where the next starts, the last where the trailer does.
    static func trailer(fd: Int32, size: Int, magic: UInt64) throws -> [Int] {
        guard size >= 24 else { throw SnapshotError.otherFormat }
        var tail = SnapshotReader(fd: fd, offset: size - 24, count: 24)
        let count = try tail.get(UInt64.self), sum = try tail.get(UInt64.self)
        guard try tail.get(UInt64.self) == magic else { throw SnapshotError.otherFormat }
        guard count <= 64, Int(count) * 8 + 24 <= size else { throw SnapshotError.damaged("the trailer") }
        let start = size - 24 - Int(count) * 8
        var words = SnapshotReader(fd: fd, offset: start, count: Int(count) * 8)
        var offsets: [Int] = []
        var check = SnapshotChecksum()
        for _ in 0..<count { offsets.append(Int(try words.get(UInt64.self))) }
        offsets.map { UInt64($0).littleEndian }.withUnsafeBytes { check.add($0) }
        guard check.value == sum, offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
              (offsets.last ?? 0) <= start
        else { throw SnapshotError.damaged("the trailer") }
        return offsets + [start]
    }

    mutating func get<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        var v = T.zero
        try withUnsafeMutableBytes(of: &v) { try take(into: $0) }
        return T(littleEndian: v)
    }

    mutating func getBool() throws -> Bool { try get(UInt8.self) != 0 }

    mutating func get<T>(plain: T.Type) throws -> [T] {
        precondition(_isPOD(T.self), "\(T.self) is not a plain value type")
        let count = try get(UInt64.self)
        let stride = MemoryLayout<T>.stride
        guard count <= UInt64(available / max(stride, 1)) else { throw SnapshotError.damaged("an array longer than the file") }
        let n = Int(count)
        return try [T](unsafeUninitializedCapacity: n) { storage, initialised in
            try take(into: UnsafeMutableRawBufferPointer(start: storage.baseAddress, count: n * stride))
            initialised = n
        }
    }

    mutating func getTexts() throws -> [String?] { try getTexts(none: nil) { $0 } }

    /// Texts that are never absent (an absent one reads as "").
    mutating func getTexts() throws -> [String] { try getTexts(none: "") { $0 } }

    private mutating func getTexts<T>(none: T, _ wrap: (String) -> T) throws -> [T] {
        let lengths = try get(plain: UInt32.self)
        let bytes = try get(plain: UInt8.self)
        var out = [T]()
        out.reserveCapacity(lengths.count)
        var offset = 0
        var last = none
        try bytes.withUnsafeBytes { all in
            for l in lengths {
                switch l {
                case Self.sameAsBefore:
                    guard !out.isEmpty else { throw SnapshotError.damaged("a repeated text before any text") }
                case Self.noText:
                    last = none
                default:
                    let end = offset + Int(l)
                    guard end <= all.count else { throw SnapshotError.damaged("texts longer than their bytes") }
                    last = wrap(String(decoding: UnsafeRawBufferPointer(rebasing: all[offset..<end]), as: UTF8.self))
                    offset = end
                }
                out.append(last)
            }
        }
        guard offset == bytes.count else { throw SnapshotError.damaged("texts shorter than their bytes") }
        return out
    }

    /// Checks the section's checksum.
    mutating func endSection(_ name: String) throws {
        let expected = checksum.value
        var stored: UInt64 = 0
        try withUnsafeMutableBytes(of: &stored) { try fill($0) }
        guard UInt64(littleEndian: stored) == expected else { throw SnapshotError.damaged("the \(name) section's checksum") }
        checksum = SnapshotChecksum()
    }

    /// Whether every byte of the file was read.
    var atEnd: Bool { remaining == 0 && position == buffer.count }

    private var available: Int { remaining + buffer.count - position }

    /// Reads into `target` and adds it to the checksum.
    private mutating func take(into target: UnsafeMutableRawBufferPointer) throws {
        try fill(target)
        checksum.add(UnsafeRawBufferPointer(target))
    }

    /// Reads exactly `target.count` bytes: from the buffer first, large remainders straight from the file.
    private mutating func fill(_ target: UnsafeMutableRawBufferPointer) throws {
        guard target.count <= available else { throw SnapshotError.damaged("the file ends early") }
        var done = 0
        while done < target.count {
            if position == buffer.count {
                let left = target.count - done
                if left >= Self.bufferBytes {
                    try readFile(into: UnsafeMutableRawBufferPointer(rebasing: target[done...]))
                    return
                }
                try refill()
            }
            let n = min(buffer.count - position, target.count - done)
            buffer.withUnsafeBytes { b in
                (target.baseAddress! + done).copyMemory(from: b.baseAddress! + position, byteCount: n)
            }
            position += n
            done += n
        }
    }

    private mutating func refill() throws {
        let n = min(Self.bufferBytes, remaining)
        var fresh = [UInt8](repeating: 0, count: n)
        try fresh.withUnsafeMutableBytes { try readFile(into: $0) }
        buffer = fresh
        position = 0
    }

    private mutating func readFile(into target: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < target.count {
            let n = pread(fd, target.baseAddress! + done, target.count - done, off_t(filePosition + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError.system("read", errno)
            }
            if n == 0 { throw SnapshotError.damaged("the file ends early") }
            done += n
        }
        remaining -= target.count
        filePosition += target.count
    }
}
