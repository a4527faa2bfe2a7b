#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streaming gzip decompressor for untrusted input files.
///
/// Handles files made of several concatenated gzip members (some exporters append a
/// second member instead of rewriting the file) and tolerates zero padding after the
/// last member (left by tape and block-device copies). Anything else after a member is
/// refused: silently ignoring it could drop rows.
///
/// Memory use is bounded (one 1 MiB input buffer, one 1 MiB output buffer, the engine's
/// 32 KiB window) whatever the expanded size, and `InflateLimits` stop decompression
/// bombs while they are being inflated. The deflate engine is zlib unless the caller asks for
/// ISA-L's igzip (`Inflater`).
///
/// Not thread-safe: use one reader per thread.
public final class GzipReader {
    /// Size of the reused output buffer handed to `next`.
    public static let outputChunkSize = 1 << 20
    static let inputChunkSize = 1 << 20

    private enum State {
        case start            // nothing read yet: the magic bytes are checked here
        case inMember         // zlib is inside a member
        case betweenMembers   // a member ended; decide what follows
        case padding          // only 0x00 bytes may follow
        case finished
    }

    private let limits: InflateLimits
    private let inflater: Inflater
    private let output: UnsafeMutableRawPointer
    private let input: UnsafeMutableRawPointer
    private var inputLength = 0          // valid bytes in `input`
    private var inputPosition = 0        // bytes of `input` already consumed
    private var inputBase: Int64 = 0     // file offset of input[0]
    private var fd: Int32 = -1           // -1 when reading from memory
    private var endOfInput = false
    private var state = State.start
    private var failure: GzipError?

    /// Bytes produced so far (all members).
    public private(set) var expandedBytes: Int64 = 0

    /// Compressed bytes consumed so far (including any trailing padding scanned).
    public var compressedBytes: Int64 { inputBase + Int64(inputPosition) }

    /// Reads gzip data held in memory. The bytes are copied once so that the reader
    /// owns a stable buffer for zlib to point into.
    public init(compressed: [UInt8], limits: InflateLimits = .default, engine: InflateEngine = .zlib) {
        self.limits = limits
        self.inflater = Inflater(engine)
        self.output = .allocate(byteCount: Self.outputChunkSize, alignment: 16)
        self.input = .allocate(byteCount: max(compressed.count, 1), alignment: 16)
        compressed.withUnsafeBytes { src in
            if let base = src.baseAddress { input.copyMemory(from: base, byteCount: src.count) }
        }
        inputLength = compressed.count
        endOfInput = true
    }

    /// Reads a gzip file from disk in 1 MiB chunks.
    /// - Throws: `GzipError.io` when the file cannot be opened.
    public init(path: String, limits: InflateLimits = .default) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw GzipError.io("\(path): \(String(cString: strerror(errno)))")
        }
        self.limits = limits
        self.fd = fd
        self.inflater = Inflater(.zlib)
        self.output = .allocate(byteCount: Self.outputChunkSize, alignment: 16)
        self.input = .allocate(byteCount: Self.inputChunkSize, alignment: 16)
    }

    deinit {
        output.deallocate()
        input.deallocate()
        if fd >= 0 { close(fd) }
    }

    /// Inflates the next chunk of output (up to 1 MiB) and passes it to `body`.
    ///
    /// The buffer is only valid during the call and is reused by the next one.
    /// - Returns: `false` once the whole stream has been delivered (then `body` is not called).
    /// - Throws: `GzipError`; once thrown, every later call throws the same error.
    ///   Errors thrown by `body` are passed through.
    public func next(_ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        if let failure { throw failure }
        var produced = 0
        do {
            while produced < Self.outputChunkSize && state != .finished {
                try advance(&produced)
            }
        } catch let error as GzipError {
            failure = error
            throw error
        }
        if produced == 0 { return false }
        try body(UnsafeRawBufferPointer(start: output, count: produced))
        return true
    }

    /// The expanded size a gzip file's trailer states for its last member (the whole file's, for the
    /// usual single member), at most `16 ×` the compressed size: a hint, not checked, and untrusted.
    static func statedSize(_ compressed: [UInt8]) -> Int {
        let n = compressed.count
        guard n >= 20 else { return 0 }
        let size = compressed[n - 4 ..< n].reversed().reduce(0) { $0 << 8 | Int($1) }
        return min(size, 16 * n)
    }

    /// Inflates a whole in-memory gzip file (convenience for tests and small files).
    public static func inflate(_ compressed: [UInt8], limits: InflateLimits = .default,
                               engine: InflateEngine = .zlib) throws -> [UInt8] {
        let reader = GzipReader(compressed: compressed, limits: limits, engine: engine)
        var result: [UInt8] = []
        result.reserveCapacity(compressed.count * 4)
        while try reader.next({ result.append(contentsOf: $0) }) {}
        return result
    }

    // MARK: - State machine

    private var available: Int { inputLength - inputPosition }

    /// Makes one step of progress: one inflate call, or one decision at a member boundary.
    private func advance(_ produced: inout Int) throws {
        switch state {
        case .start:
            try refillIfEmpty()
            // An empty file is nothing delivered; one cut after a byte is a truncated gzip file.
            if available == 0 { throw GzipError.empty }
            let b0 = input.load(fromByteOffset: inputPosition, as: UInt8.self)
            if available == 1 {
                throw b0 == 0x1f ? GzipError.truncated : GzipError.notGzip
            }
            let b1 = input.load(fromByteOffset: inputPosition + 1, as: UInt8.self)
            guard b0 == 0x1f && b1 == 0x8b else { throw GzipError.notGzip }
            state = .inMember

        case .inMember:
            try inflateStep(&produced)

        case .betweenMembers:
            try refillIfEmpty()
            if available == 0 {
                state = .finished
                return
            }
            let b0 = input.load(fromByteOffset: inputPosition, as: UInt8.self)
            if b0 == 0x1f {
                // The engine validates the rest of the header (a wrong second byte is a data error).
                inflater.reset()
                state = .inMember
            } else if b0 == 0x00 {
                state = .padding
            } else {
                throw GzipError.corrupt("unexpected data after a gzip member at offset \(compressedBytes) (not a gzip member)")
            }

        case .padding:
            try refillIfEmpty()
            if available == 0 {
                state = .finished
                return
            }
            let bytes = UnsafeRawBufferPointer(start: input + inputPosition, count: available)
            if let i = bytes.firstIndex(where: { $0 != 0 }) {
                inputPosition += i
                throw GzipError.corrupt("non-zero data after the last gzip member at offset \(compressedBytes)")
            }
            inputPosition = inputLength

        case .finished:
            return
        }
    }

    private func inflateStep(_ produced: inout Int) throws {
        try refillIfEmpty()
        let inBefore = available
        let outRoom = Self.outputChunkSize - produced
        let (consumed, written, outcome) = inflater.step(input + inputPosition, inBefore, into: output + produced,
                                                          room: outRoom)
        inputPosition += consumed
        produced += written
        expandedBytes += Int64(written)
        try checkLimits()

        switch outcome {
        case .memberEnd:
            state = .betweenMembers
        case .progress:
            if consumed == 0 && written == 0 && produced < Self.outputChunkSize {
                // No progress with room to write: the engine wants more input. If there is none
                // left the member was cut off; never spin here.
                if inBefore == 0 && endOfInput { throw GzipError.truncated }
                if inBefore > 0 {
                    // The engine refused input it was given without a data error: cannot happen
                    // with a sane stream, but must not loop forever.
                    throw GzipError.corrupt("inflate made no progress at offset \(compressedBytes)")
                }
            }
        case .corrupt(let message):
            throw GzipError.corrupt("\(message) at compressed offset \(compressedBytes)")
        case .outOfMemory:
            throw GzipError.io("zlib ran out of memory")
        }
    }

    private func checkLimits() throws {
        if expandedBytes > limits.maxExpandedBytes {
            throw GzipError.tooLarge(limit: limits.maxExpandedBytes)
        }
        if expandedBytes > limits.ratioGraceBytes {
            let ratio = expandedBytes / max(compressedBytes, 1)
            if ratio > limits.maxRatio {
                throw GzipError.ratioExceeded(ratio: ratio, limit: limits.maxRatio)
            }
        }
    }

    /// Reads the next chunk of the file when the current one is used up.
    private func refillIfEmpty() throws {
        guard available == 0, !endOfInput else { return }
        guard fd >= 0 else {
            endOfInput = true
            return
        }
        inputBase += Int64(inputLength)
        inputLength = 0
        inputPosition = 0
        // Fill the whole chunk (short reads happen on pipes and network filesystems).
        while inputLength < Self.inputChunkSize {
            let n = read(fd, input + inputLength, Self.inputChunkSize - inputLength)
            if n > 0 {
                inputLength += n
            } else if n == 0 {
                endOfInput = true
                break
            } else if errno != EINTR {
                throw GzipError.io(String(cString: strerror(errno)))
            }
        }
    }
}
