#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fields of one line as byte ranges into it, with the format's padding already removed.
///
/// Built once per parser and reused for every line, so splitting allocates nothing per row.
/// Valid only while the line it was split from is.
struct Fields {
    private(set) var line = UnsafeRawBufferPointer(start: nil, count: 0)
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// Quoted CSV fields with doubled quotes are unescaped into this side buffer.
    private var unescaped: [[UInt8]?] = []
    private(set) var count = 0

    init() {
        starts.reserveCapacity(64); ends.reserveCapacity(64); unescaped.reserveCapacity(64)
    }

    /// A field's bytes.
    @inline(__always)
    func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[starts[i]..<ends[i]])
    }

    /// Calls body with a field's bytes, including a field whose quotes were unescaped.
    @inline(__always)
    func withField<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        if let u = unescaped[i] { return try u.withUnsafeBytes(body) }
        return try body(bytes(i))
    }

    func isEmpty(_ i: Int) -> Bool { unescaped[i]?.isEmpty ?? (starts[i] == ends[i]) }

    /// Compares a field to ASCII/UTF-8/GBK text given as bytes.
    func equals(_ i: Int, _ value: [UInt8]) -> Bool {
        withField(i) { b in b.count == value.count && value.withUnsafeBytes { memcmpEqual($0, b) } }
    }

    mutating func reset(_ line: UnsafeRawBufferPointer) {
        self.line = line
        count = 0
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        unescaped.removeAll(keepingCapacity: true)
    }

    mutating func append(_ s: Int, _ e: Int, strip: Strip) {
        var s = s, e = e
        // Surrounding ASCII spaces are padding in every format.
        while s < e, line[s] == 0x20 { s += 1 }
        while e > s, line[e - 1] == 0x20 { e -= 1 }
        if let p = strip.prefix, e > s, line[s] == p { s += 1 }
        if let q = strip.suffix, e > s, line[e - 1] == q { e -= 1 }
        while s < e, line[s] == 0x20 { s += 1 }
        while e > s, line[e - 1] == 0x20 { e -= 1 }
        starts.append(s); ends.append(e); unescaped.append(nil)
        count += 1
    }

    mutating func appendUnescaped(_ bytes: [UInt8]) {
        starts.append(0); ends.append(0); unescaped.append(bytes)
        count += 1
    }

    /// Splits on a one-byte delimiter without quoting (statement formats).
    mutating func split(_ line: UnsafeRawBufferPointer, delimiter: UInt8, strip: Strip, limit: Int = 4096) -> Bool {
        reset(line)
        var s = 0
        for i in 0..<line.count where line[i] == delimiter {
            append(s, i, strip: strip)
            s = i + 1
            if count > limit { return false }
        }
        append(s, line.count, strip: strip)
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
        reset(line)
        malformed = false
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
