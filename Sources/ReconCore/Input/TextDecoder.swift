#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes field bytes to `String` in a file's encoding.
///
/// One decoder per worker thread: it owns an iconv converter and an output buffer that
/// are reused across calls, so it is deliberately not `Sendable`.
public final class TextDecoder {
    /// The encoding this decoder reads.
    public let encoding: TextEncoding
    private let converter: iconv_t?
    /// `GB18030.twoByteUTF8`, held for the loop that reads it.
    private let twoByte: [UInt32]
    private var buffer: UnsafeMutablePointer<CChar>
    private var capacity: Int

    /// Creates a decoder; for GB18030 this opens the iconv converter once.
    public init(encoding: TextEncoding) {
        self.encoding = encoding
        switch encoding {
        case .utf8:
            converter = nil
            twoByte = []
        case .gb18030:
            let cd = iconv_open("UTF-8", "GB18030")
            precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030 converter")
            converter = cd
            twoByte = GB18030.twoByteUTF8
        }
        capacity = 256
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if let converter { iconv_close(converter) }
        buffer.deallocate()
    }

    /// Returns the text, or nil if the bytes are not valid in this decoder's encoding.
    ///
    /// A UTF-8 byte-order mark is kept as U+FEFF: stripping it is the format reader's job.
    public func decode(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
        let units = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        // Pure ASCII is identical in both encodings and needs no validation.
        if Self.isASCII(base, bytes.count) {
            return String(decoding: units, as: UTF8.self)
        }
        switch encoding {
        case .utf8:
            return String(validating: units, as: UTF8.self)
        case .gb18030:
            guard let written = convert(base, bytes.count) else { return nil }
            return buffer.withMemoryRebound(to: UInt8.self, capacity: written) {
                String(decoding: UnsafeBufferPointer(start: $0, count: written), as: UTF8.self)
            }
        }
    }

    /// Decodes bytes already checked to be valid in this encoding (the whole line was validated):
    /// UTF-8 then skips a second validation pass.
    @inline(__always)
    func decodeValidated(_ bytes: UnsafeRawBufferPointer) -> String? {
        if encoding == .utf8 {
            return String(decoding: UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                                        count: bytes.count), as: UTF8.self)
        }
        return decode(bytes)
    }

    /// Calls `body` with the text of bytes already validated in this encoding as UTF-8, without making
    /// a String: the bytes themselves in a UTF-8 file or when they are ASCII, else converted into
    /// this decoder's buffer (valid during the call; `body` must not use this decoder). Nil where
    /// `decodeValidated` is nil.
    @inline(__always)
    func withValidatedUTF8<T>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T? {
        guard encoding == .gb18030, let base = bytes.baseAddress, !Self.isASCII(base, bytes.count) else {
            return try body(bytes)
        }
        guard let written = convert(base, bytes.count) else { return nil }
        return try body(UnsafeRawBufferPointer(start: UnsafeRawPointer(buffer), count: written))
    }

    /// `decode` over an array.
    public func decode(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { decode($0) }
    }

    @inline(__always)
    private static func isASCII(_ base: UnsafeRawPointer, _ count: Int) -> Bool {
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= count {
            acc |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            acc |= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// Converts bytes made of ASCII and two-byte codes through `GB18030.twoByteUTF8` into `buffer`
    /// (which has room for 1.5 × count); nil when another byte sequence is met, for iconv to convert.
    @inline(__always)
    private func convertTwoByte(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let out = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
        var i = 0, o = 0
        while i < count {
            let b = p[i]
            if b < 0x80 {
                out[o] = b
                o += 1
                i += 1
                continue
            }
            guard b >= 0x81, b <= 0xFE, i + 1 < count else { return nil }
            let t = p[i + 1]
            guard t >= 0x40, t <= 0xFE else { return nil }
            let e = twoByte[Int(b - 0x81) * 191 + Int(t - 0x40)]
            guard e != 0 else { return nil }
            let n = Int(e >> 24)
            out[o] = UInt8(truncatingIfNeeded: e)
            if n > 1 { out[o + 1] = UInt8(truncatingIfNeeded: e >> 8) }
            if n > 2 { out[o + 2] = UInt8(truncatingIfNeeded: e >> 16) }
            o += n
            i += 2
        }
        return o
    }

    /// Converts GB18030 bytes into `buffer`; the UTF-8 bytes written, or nil when they are not valid.
    private func convert(_ base: UnsafeRawPointer, _ count: Int) -> Int? {
        // GB18030 → UTF-8 grows at most 1.5× (two bytes become three); four-byte
        // sequences stay four bytes.
        let needed = count + count / 2 + 8
        if needed > capacity {
            buffer.deallocate()
            capacity = max(needed, capacity * 2)
            buffer = .allocate(capacity: capacity)
        }
        if let written = convertTwoByte(base.assumingMemoryBound(to: UInt8.self), count) { return written }
        // Reset the conversion state: a previous call may have failed mid-sequence.
        _ = iconv(converter, nil, nil, nil, nil)
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = count
        var outPtr: UnsafeMutablePointer<CChar>? = buffer
        var outLeft = capacity
        let rc = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
        // EILSEQ (invalid sequence) and EINVAL (incomplete sequence at the end) both
        // mean the field is not valid GB18030.
        if rc == -1 || inLeft != 0 { return nil }
        return capacity - outLeft
    }
}
