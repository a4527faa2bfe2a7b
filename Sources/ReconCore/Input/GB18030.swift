#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GB18030 helpers: a structural validator for whole files and an encoder for generators.
public enum GB18030 {
    /// Returns the offset of the first byte sequence that is not structurally valid
    /// GB18030, or nil if the whole buffer is valid.
    ///
    /// Structure checked: one byte 00–7F; two bytes 81–FE + 40–7E/80–FE; four bytes
    /// 81–FE, 30–39, 81–FE, 30–39. A lone 80 or FF is invalid (glibc refuses them; the
    /// Windows GBK code page maps 80 to €, which GB18030 encodes as A2 E3). A sequence
    /// cut off by the end of the buffer is invalid, so validate whole lines or files.
    ///
    /// This is structure only. glibc's converter (2.36, checked exhaustively over all
    /// two-byte and BMP four-byte codes) accepts every two-byte sequence but refuses
    /// some well-formed four-byte ones: those beyond U+10FFFF (from 0xE3329A36), the
    /// unassigned gap between the BMP and supplementary ranges (0x8431A530–0x8F39FE39),
    /// and 18 BMP codes (0x82359037–0x82359134, 0x84318236–0x84318335) whose
    /// characters GB18030-2022 moved to two-byte codes. `TextDecoder` reports those.
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = 0
        while i < count {
            // Most of every file is ASCII: skip it eight bytes at a time.
            while i + 8 <= count,
                  base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            if i >= count { break }
            let b0 = base.load(fromByteOffset: i, as: UInt8.self)
            if b0 < 0x80 {
                i += 1
                continue
            }
            if b0 == 0x80 || b0 == 0xFF || i + 1 >= count { return i }
            let b1 = base.load(fromByteOffset: i + 1, as: UInt8.self)
            if (b1 >= 0x40 && b1 <= 0x7E) || (b1 >= 0x80 && b1 <= 0xFE) {
                i += 2
                continue
            }
            guard b1 >= 0x30 && b1 <= 0x39, i + 3 < count else { return i }
            let b2 = base.load(fromByteOffset: i + 2, as: UInt8.self)
            let b3 = base.load(fromByteOffset: i + 3, as: UInt8.self)
            guard b2 >= 0x81 && b2 <= 0xFE, b3 >= 0x30 && b3 <= 0x39 else { return i }
            i += 4
        }
        return nil
    }

    /// `firstInvalidOffset` over an array.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { firstInvalidOffset($0) }
    }

    /// The UTF-8 of every two-byte code, as glibc's converter gives it, read from the converter once:
    /// entry `(lead − 0x81) · 191 + (trail − 0x40)` holds the bytes in its low three bytes and their
    /// count in the high one; 0 where the converter refuses the code or its text is not 1–3 bytes
    /// (those fields go through iconv). GB18030 is stateless, so a field's text is its codes' texts
    /// one after the other; `TextDecoder` reads most fields from this table instead of calling iconv.
    static let twoByteUTF8: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 126 * 191)
        let cd = iconv_open("UTF-8", "GB18030")
        precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030 converter")
        defer { iconv_close(cd) }
        /// The UTF-8 of `input`, or nil when the converter refuses it.
        func convert(_ input: [UInt8]) -> [UInt8]? {
            var source = input
            var out = [UInt8](repeating: 0, count: input.count * 4 + 4)
            let written: Int? = source.withUnsafeMutableBytes { src in
                out.withUnsafeMutableBytes { dst in
                    _ = iconv(cd, nil, nil, nil, nil)
                    var inPtr: UnsafeMutablePointer<CChar>? = src.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var inLeft = src.count
                    var outPtr: UnsafeMutablePointer<CChar>? = dst.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = dst.count
                    let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return rc == -1 || inLeft != 0 ? nil : dst.count - outLeft
                }
            }
            return written.map { Array(out[..<$0]) }
        }
        func entry(_ utf8: [UInt8]) -> UInt32 {
            guard (1...3).contains(utf8.count) else { return 0 }
            return utf8.enumerated().reduce(UInt32(utf8.count) << 24) { $0 | UInt32($1.element) << (8 * $1.offset) }
        }
        let trails = Array(UInt8(0x40)...0x7E) + Array(UInt8(0x80)...0xFE)
        for lead in UInt8(0x81)...0xFE {
            let base = Int(lead - 0x81) * 191
            // A lead byte's 190 codes in one call, split into their scalars; one by one if that fails.
            if let text = convert(trails.flatMap { [lead, $0] }) {
                var scalars: [[UInt8]] = []
                for b in text {
                    if b & 0xC0 == 0x80, !scalars.isEmpty { scalars[scalars.count - 1].append(b) } else { scalars.append([b]) }
                }
                if scalars.count == trails.count {
                    for (t, utf8) in zip(trails, scalars) { table[base + Int(t - 0x40)] = entry(utf8) }
                    continue
                }
            }
            for t in trails { table[base + Int(t - 0x40)] = convert([lead, t]).map(entry) ?? 0 }
        }
        return table
    }()

    /// Encodes a string as GB18030 through glibc iconv.
    ///
    /// For generators and tests. Every Unicode scalar has a GB18030 encoding, so a
    /// failure means the converter itself is missing: that traps.
    public static func encode(_ s: String) -> [UInt8] {
        encode([s])[0]
    }

    /// Encodes several strings through one converter (opening one costs more than a short string).
    public static func encode(_ strings: [String]) -> [[UInt8]] {
        let cd = iconv_open("GB18030", "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "iconv has no GB18030 converter")
        defer { iconv_close(cd) }
        return strings.map { s in
            var source = Array(s.utf8)
            // GB18030 needs at most 4 bytes per scalar, and a UTF-8 scalar is at least 1 byte.
            var result = [UInt8](repeating: 0, count: source.count * 4 + 4)
            let written: Int = source.withUnsafeMutableBytes { src in
                result.withUnsafeMutableBytes { dst in
                    var outPtr = dst.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = dst.count
                    if let inBase = src.baseAddress {
                        var inOpt: UnsafeMutablePointer<CChar>? = inBase.assumingMemoryBound(to: CChar.self)
                        var inLeft = src.count
                        let rc = iconv(cd, &inOpt, &inLeft, &outPtr, &outLeft)
                        precondition(rc != -1 && inLeft == 0, "iconv UTF-8 to GB18030 failed: errno \(errno)")
                    }
                    // Flush any shift state (none for GB18030, but the API requires it).
                    _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                    return dst.count - outLeft
                }
            }
            result.removeSubrange(written...)
            return result
        }
    }
}
