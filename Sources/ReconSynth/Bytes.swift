import ReconCore

/// An append-only byte buffer with the few formatting primitives the file writers need.
struct Bytes {
    var b: [UInt8] = []

    init(capacity: Int = 0) { b.reserveCapacity(capacity) }

    @inline(__always) mutating func byte(_ c: UInt8) { b.append(c) }
    @inline(__always) mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { b.append(contentsOf: $0) }
    }
    @inline(__always) mutating func str(_ s: String) { b.append(contentsOf: s.utf8) }
    @inline(__always) mutating func raw(_ a: [UInt8]) { b.append(contentsOf: a) }
    @inline(__always) mutating func raw(_ a: ArraySlice<UInt8>) { b.append(contentsOf: a) }

    /// Decimal integer, zero-padded to `width` digits (no padding when 0).
    mutating func int(_ v: Int64, width: Int = 0) {
        var x = v
        if x < 0 { b.append(0x2D); x = -x }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { t in
            repeat {
                t[n] = UInt8(x % 10) + 0x30
                x /= 10
                n += 1
            } while x > 0
            while n < width { t[n] = 0x30; n += 1 }
            var i = n - 1
            while i >= 0 { b.append(t[i]); i -= 1 }
        }
    }
    @inline(__always) mutating func int(_ v: Int, width: Int = 0) { int(Int64(v), width: width) }

    /// Fen as yuan with two decimals (`-2.10`).
    mutating func yuan(_ fen: Int64) {
        var f = fen
        if f < 0 { b.append(0x2D); f = -f }
        int(f / 100)
        b.append(0x2E)
        int(f % 100, width: 2)
    }

    /// A value in units of 1/100000 yuan with five decimals (wechat 手续费).
    mutating func yuan5(_ v: Int64) {
        var f = v
        if f < 0 { b.append(0x2D); f = -f }
        int(f / 100_000)
        b.append(0x2E)
        int(f % 100_000, width: 5)
    }

    /// `YYYY-MM-DD`
    mutating func date(_ d: LocalDate) {
        int(d.year, width: 4); b.append(0x2D); int(d.month, width: 2); b.append(0x2D); int(d.day, width: 2)
    }
    /// `YYYYMMDD`
    mutating func date8(_ d: LocalDate) {
        int(d.year, width: 4); int(d.month, width: 2); int(d.day, width: 2)
    }
    /// `YYYY-MM-DD HH:MM:SS`
    mutating func dateTime(_ t: LocalDateTime) {
        date(t.date)
        b.append(0x20)
        let s = t.secondOfDay
        int(s / 3600, width: 2); b.append(0x3A); int(s / 60 % 60, width: 2); b.append(0x3A); int(s % 60, width: 2)
    }
    /// `HHmmss`
    mutating func time6(_ t: LocalDateTime) {
        let s = t.secondOfDay
        int(s / 3600, width: 2); int(s / 60 % 60, width: 2); int(s % 60, width: 2)
    }

    /// Pads with spaces up to `width` bytes measured from `start`.
    mutating func pad(from start: Int, to width: Int) {
        let n = width - (b.count - start)
        if n > 0 { b.append(contentsOf: repeatElement(UInt8(0x20), count: n)) }
    }

    mutating func crlf() { b.append(0x0D); b.append(0x0A) }
    mutating func lf() { b.append(0x0A) }
}

/// ISO 7064 MOD 11-2 check byte of a 17-digit body (same rule as `IDNumber.checkCharacter`).
@inline(__always)
func checkByte(_ body: UInt64) -> UInt8 {
    let weights: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) =
        (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    var v = body
    var sum = 0
    withUnsafeBytes(of: weights) { w in
        let ws = w.bindMemory(to: Int.self)
        for i in stride(from: 16, through: 0, by: -1) {
            sum += Int(v % 10) * ws[i]
            v /= 10
        }
    }
    let table: StaticString = "10X98765432"
    return table.withUTF8Buffer { $0[sum % 11] }
}

/// Canonical 18-character ID text of a 17-digit body.
@inline(__always)
func idDigits(_ body: UInt64) -> [UInt8] {
    var out = [UInt8](repeating: 0x30, count: 18)
    var v = body
    for i in stride(from: 16, through: 0, by: -1) {
        out[i] = UInt8(v % 10) + 0x30
        v /= 10
    }
    out[17] = checkByte(body)
    return out
}

func idText(_ body: UInt64) -> String {
    var v = body
    let check = checkByte(body)
    return String(unsafeUninitializedCapacity: 18) { buf in
        for i in stride(from: 16, through: 0, by: -1) {
            buf[i] = UInt8(v % 10) + 0x30
            v /= 10
        }
        buf[17] = check
        return 18
    }
}

extension Bytes {
    /// The canonical ID text of a body, written in place.
    mutating func id(_ body: UInt64, lowerX: Bool = false) {
        var v = body
        let start = b.count
        b.append(contentsOf: repeatElement(UInt8(0x30), count: 17))
        for i in stride(from: 16, through: 0, by: -1) {
            b[start + i] = UInt8(v % 10) + 0x30
            v /= 10
        }
        let c = checkByte(body)
        b.append(lowerX && c == 0x58 ? 0x78 : c)
    }
}

/// UTF-8 to GB18030 transcoding with a per-scalar cache (iconv is called once per distinct scalar).
final class GBKTranscoder: Sendable {
    /// Files are written concurrently: the cache is shared.
    private let cache = Locked<[UInt32: [UInt8]]>([:])

    func encodeScalar(_ v: UInt32) -> [UInt8] {
        if let e = cache.withLock({ $0[v] }) { return e }
        let e = GB18030.encode(String(Character(Unicode.Scalar(v)!)))
        cache.withLock { $0[v] = e }
        return e
    }

    /// Converts a UTF-8 buffer to GB18030. ASCII passes through.
    func transcode(_ utf8: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var i = 0
        let n = utf8.count
        var local: [UInt32: [UInt8]] = [:]
        utf8.withUnsafeBufferPointer { u in
            while i < n {
                let c = u[i]
                if c < 0x80 { out.append(c); i += 1; continue }
                var v: UInt32
                var len: Int
                if c >= 0xF0 { v = UInt32(c & 0x07); len = 4 }
                else if c >= 0xE0 { v = UInt32(c & 0x0F); len = 3 }
                else { v = UInt32(c & 0x1F); len = 2 }
                for k in 1..<len { v = (v << 6) | UInt32(u[i + k] & 0x3F) }
                i += len
                if let e = local[v] { out.append(contentsOf: e); continue }
                let e = encodeScalar(v)
                local[v] = e
                out.append(contentsOf: e)
            }
        }
        return out
    }

    /// Encoded length in bytes of a UTF-8 string.
    func encodedCount(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars {
            n += u.value < 0x80 ? 1 : encodeScalar(u.value).count
        }
        return n
    }

    func encode(_ s: String) -> [UInt8] { transcode(Array(s.utf8)) }
}
