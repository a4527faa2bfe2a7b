#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks every physical line passes before its parser sees it: bytes valid in the file's
/// encoding, no NUL, no byte-order mark inside the file.
///
/// Made for the common line: an ASCII line is passed over eight bytes at a time, and a line with
/// text is validated where it stands, without making a String of it.
enum LineCheck {
    /// Offset of the first byte that is ≥ 0x80 or NUL, or nil: a line without one is valid in every
    /// encoding and holds no byte-order mark.
    @inline(__always)
    static func firstHighOrNUL(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let n = line.count
        var i = 0
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A byte ≥ 0x80, or a zero byte ((w - 0x01…) & ~w & 0x80… is non-zero exactly when one is).
            if (w | ((w &- 0x0101_0101_0101_0101) & ~w)) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        let p = base.assumingMemoryBound(to: UInt8.self)
        while i < n {
            if p[i] >= 0x80 || p[i] == 0 { return i }
            i += 1
        }
        return nil
    }

    /// Offset of the first NUL byte or, when there is none, of the first byte sequence invalid in the
    /// encoding; nil when the line is valid. `from`: the first byte ≥ 0x80 or NUL (`firstHighOrNUL`).
    static func firstInvalid(_ line: UnsafeRawBufferPointer, from: Int, _ encoding: TextEncoding) -> Int? {
        let base = line.baseAddress!
        if let z = memchr(base + from, 0, line.count - from) { return UnsafeRawPointer(z) - base }
        let rest = UnsafeRawBufferPointer(rebasing: line[from...])
        switch encoding {
        case .gb18030: return GB18030.firstInvalidOffset(rest).map { $0 + from }
        case .utf8: return firstInvalidUTF8(rest).map { $0 + from }
        }
    }

    /// Offset of the first byte that does not start a well-formed UTF-8 sequence (The Unicode Standard,
    /// table 3-7: no overlong forms, no surrogates, nothing beyond U+10FFFF; a sequence cut off by the
    /// end is invalid at its first byte), or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            if i >= n { break }
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
            } else if b0 < 0xC2 {
                return i
            } else if b0 < 0xE0 {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return i }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n else { return i }
                let b1 = p[i + 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80, high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                guard b1 >= low, b1 <= high, p[i + 2] & 0xC0 == 0x80 else { return i }
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n else { return i }
                let b1 = p[i + 1]
                let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80, high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
                guard b1 >= low, b1 <= high, p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return i }
                i += 4
            } else {
                return i
            }
        }
        return nil
    }

    /// Offset of a UTF-8 byte-order mark in a line: anywhere in a UTF-8 file (U+FEFF is no text), at
    /// the start of a line in a GB18030 file (where EF BB BF could also be two ordinary characters).
    /// `from`: the first byte ≥ 0x80 (none before it can start one).
    static func byteOrderMark(_ line: UnsafeRawBufferPointer, from: Int, _ encoding: TextEncoding) -> Int? {
        guard line.count >= 3 else { return nil }
        if encoding == .gb18030 {
            return line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF ? 0 : nil
        }
        var i = from
        while i + 2 < line.count {
            guard let p = memchr(line.baseAddress! + i, 0xEF, line.count - 2 - i) else { return nil }
            let at = UnsafeRawPointer(p) - line.baseAddress!
            if line[at + 1] == 0xBB && line[at + 2] == 0xBF { return at }
            i = at + 1
        }
        return nil
    }
}
