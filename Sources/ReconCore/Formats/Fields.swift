#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fields of one line as byte ranges into it, with the format's padding already removed.
///
/// Built once per parser and reused for every line, so splitting allocates nothing per row: the
/// ranges live in one buffer that only grows (a line's fields are written at every row of every file,
/// and the arrays' bookkeeping was a tenth of a CSV parse). Valid only while the line it was split
/// from is; a copy shares the buffer, and is valid until the original splits its next line.
struct Fields {
    private(set) var line = UnsafeRawBufferPointer(start: nil, count: 0)
    private(set) var count = 0
    /// Field i is `line[bounds[2i]..<bounds[2i+1]]`; a quoted CSV field whose quotes were removed is
    /// `unescaped[~bounds[2i]..<bounds[2i+1]]` (its start stored complemented, so negative).
    private var bounds = Bounds(capacity: 64)
    private var unescaped: [UInt8] = []

    /// The ranges' memory, replaced by a larger one when a line has more fields. Its properties are
    /// constants, so reading them costs no exclusivity check (a class's variables would, per access).
    private final class Bounds {
        let pointer: UnsafeMutablePointer<Int>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            pointer = .allocate(capacity: 2 * capacity)
        }
        deinit { pointer.deallocate() }
    }

    init() {}

    /// Calls body with a field's bytes, including a field whose quotes were unescaped.
    @inline(__always)
    func withField<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let s = bounds.pointer[2 * i], e = bounds.pointer[2 * i + 1]
        if s >= 0 { return try body(UnsafeRawBufferPointer(start: line.baseAddress.map { $0 + s }, count: e - s)) }
        return try unescaped.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[~s..<e])) }
    }

    @inline(__always)
    func isEmpty(_ i: Int) -> Bool {
        let s = bounds.pointer[2 * i], e = bounds.pointer[2 * i + 1]
        return (s >= 0 ? s : ~s) == e
    }

    /// Compares a field to ASCII/UTF-8/GBK text given as bytes.
    func equals(_ i: Int, _ value: [UInt8]) -> Bool {
        withField(i) { b in b.count == value.count && value.withUnsafeBytes { memcmpEqual($0, b) } }
    }

    private mutating func reset(_ line: UnsafeRawBufferPointer) {
        self.line = line
        count = 0
        unescaped.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private mutating func record(_ s: Int, _ e: Int) {
        if count == bounds.capacity {
            let larger = Bounds(capacity: 2 * bounds.capacity)
            larger.pointer.initialize(from: bounds.pointer, count: 2 * count)
            bounds = larger
        }
        bounds.pointer[2 * count] = s
        bounds.pointer[2 * count + 1] = e
        count += 1
    }

    /// Appends `line[s..<e]` without its padding: surrounding ASCII spaces (padding in every
    /// format), then the format's prefix and suffix, then spaces again.
    @inline(__always)
    private mutating func append(_ s: Int, _ e: Int, strip: Strip) {
        var s = s, e = e
        if s < e, let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            while s < e, p[s] == 0x20 { s += 1 }
            while e > s, p[e - 1] == 0x20 { e -= 1 }
            if let q = strip.prefix, e > s, p[s] == q { s += 1 }
            if let q = strip.suffix, e > s, p[e - 1] == q { e -= 1 }
            while s < e, p[s] == 0x20 { s += 1 }
            while e > s, p[e - 1] == 0x20 { e -= 1 }
        }
        record(s, e)
    }

    private mutating func appendUnescaped(_ bytes: [UInt8]) {
        let s = unescaped.count
        unescaped.append(contentsOf: bytes)
        record(~s, unescaped.count)
    }

    /// Splits on a one-byte delimiter without quoting (statement formats). False once more than
    /// `limit` fields are split off before the line ends.
    mutating func split(_ line: UnsafeRawBufferPointer, delimiter: UInt8, strip: Strip, limit: Int = 4096) -> Bool {
        reset(line)
        guard let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            append(0, 0, strip: strip)
            return true
        }
        let n = line.count
        var s = 0
        var i = 0
        // Eight bytes at a time: the delimiters among them found by their bits (fields are short).
        let pattern = UInt64(delimiter) &* 0x0101_0101_0101_0101
        while i + 8 <= n {
            let x = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ pattern
            // The high bit of each byte of x that is zero, exactly (no carry crosses a byte).
            var hits = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x | 0x7F7F_7F7F_7F7F_7F7F)
            while hits != 0 {
                let at = i + hits.trailingZeroBitCount >> 3
                append(s, at, strip: strip)
                s = at + 1
                if count > limit { return false }
                hits &= hits &- 1
            }
            i += 8
        }
        while i < n {
            if p[i] == delimiter {
                append(s, i, strip: strip)
                s = i + 1
                if count > limit { return false }
            }
            i += 1
        }
        append(s, n, strip: strip)
        return true
    }

    /// Splits fixed-width fields (widths in bytes) separated by `gap` bytes.
    mutating func split(_ line: UnsafeRawBufferPointer, widths: [Int], gap: Int, strip: Strip) {
        reset(line)
        var s = 0
        for w in widths {
            append(s, s + w, strip: strip)
            s += w + gap
        }
    }

    /// The most fields a quoted record may have: a line of thousands is refused, not split on.
    static let maxCount = 4096

    /// Splits one RFC 4180 record (quoted fields may hold delimiters, doubled quotes and newlines).
    /// Returns false when a quote is left open (the record continues on the next physical line)
    /// or the quoting is malformed (`malformed` set).
    mutating func splitQuoted(_ line: UnsafeRawBufferPointer, delimiter: UInt8, strip: Strip,
                              malformed: inout Bool, limit: Int = Fields.maxCount) -> Bool {
        malformed = false
        // Most records hold no quote at all: split them as unquoted text.
        if line.isEmpty || memchr(line.baseAddress!, 0x22, line.count) == nil {
            if split(line, delimiter: delimiter, strip: strip, limit: limit) { return true }
            malformed = true
            return false
        }
        reset(line)
        var i = 0
        let n = line.count
        while true {
            if count > limit { malformed = true; return false }
            if i < n, line[i] == 0x22 {
                var value: [UInt8] = []
                i += 1
                var closed = false
                while i < n {
                    let c = line[i]
                    if c == 0x22 {
                        if i + 1 < n, line[i + 1] == 0x22 { value.append(0x22); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    value.append(c)
                    i += 1
                }
                if !closed { return false }
                if i < n, line[i] != delimiter { malformed = true; return false }
                appendUnescaped(value)
                if i >= n { return true }
                i += 1
            } else {
                var j = i
                while j < n, line[j] != delimiter { j += 1 }
                append(i, j, strip: strip)
                if j >= n { return true }
                i = j + 1
            }
        }
    }
}

/// Padding a format puts around values: wechat's leading backtick, alipay's trailing tab.
struct Strip: Sendable, Hashable {
    var prefix: UInt8?
    var suffix: UInt8?
    init(prefix: UInt8? = nil, suffix: UInt8? = nil) { self.prefix = prefix; self.suffix = suffix }
    static let none = Strip()
}

@inline(__always)
func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    if a.count == 0 { return true }
    return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
}
