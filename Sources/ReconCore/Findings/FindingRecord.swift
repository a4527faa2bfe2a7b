#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One finding as bytes: how a run keeps what its rules found (`FindingSink`, `FindingSpill`)
/// without an object per finding. The detail JSON is rendered once, into the record; the record's
/// fields are bound to the `findings` statements as they are, without a `String` made.
///
/// Layout (integers little-endian, unaligned):
///
/// | offset | field |
/// |---|---|
/// | 0 | u32: the record's length in bytes |
/// | 4 | u32: the key's length |
/// | 8 | u64: the order the rules gave it, the rule's index × 2³² + its place among the rule's findings |
/// | 16 | i64: year · 24 i64: amount_fen (flag bits 1 and 2 say whether there is one) |
/// | 32 | u8: the code's place in `FindingCode.allCases` · 33 u8 insurance · 34 u8 channel (0xFF: none) · 35 u8: flags |
/// | 36 | 4 × u32: the lengths of id_number, txn_ref, town_code, village_code (0xFFFFFFFF: NULL) |
/// | 52 | the key (`FindingKeys`' form: code, 0x01, subject), the four texts, then the detail JSON to the end |
struct FindingRecord {
    /// Exactly one record.
    let bytes: UnsafeRawBufferPointer

    static let headerSize = 52
    private static let textsAt = 36
    private static let noText = UInt32.max
    private static let noCase = UInt8.max
    private static let hasYear: UInt8 = 1, hasAmount: UInt8 = 2
    private static let codes = FindingCode.allCases, insurances = Insurance.allCases, channels = Channel.allCases

    /// The texts after the key, in order.
    enum Text: Int {
        case idNumber, txnRef, townCode, villageCode
    }

    /// The record starting at `start` (its whole length readable from there).
    init(at start: UnsafeRawPointer) {
        bytes = UnsafeRawBufferPointer(start: start, count: Self.length(at: start))
    }

    /// The length of the record starting at `start`, from its first 4 bytes.
    static func length(at start: UnsafeRawPointer) -> Int {
        Int(start.loadUnaligned(as: UInt32.self).littleEndian)
    }

    @inline(__always) private func u32(_ at: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian }
    @inline(__always) private func i64(_ at: Int) -> Int64 { bytes.loadUnaligned(fromByteOffset: at, as: Int64.self).littleEndian }

    var order: UInt64 { bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian }
    var code: FindingCode { Self.codes[Int(bytes[32])] }
    var year: Int? { bytes[35] & Self.hasYear != 0 ? Int(i64(16)) : nil }
    var amountFen: Int64? { bytes[35] & Self.hasAmount != 0 ? i64(24) : nil }
    var insurance: Insurance? { bytes[33] == Self.noCase ? nil : Self.insurances[Int(bytes[33])] }
    var channel: Channel? { bytes[34] == Self.noCase ? nil : Self.channels[Int(bytes[34])] }

    /// (code, 0x01, subject): `FindingKeys`' form of the key, ordered by `memcmp` as the table's primary key.
    var key: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Self.headerSize..<(Self.headerSize + Int(u32(4)))])
    }

    /// The subject's bytes (the key after the code and its 0x01).
    var subject: UnsafeRawBufferPointer {
        let k = key
        let split = k.firstIndex(of: 0x01)!
        return UnsafeRawBufferPointer(rebasing: k[(split + 1)...])
    }

    /// One of the texts; nil for NULL.
    func text(_ t: Text) -> UnsafeRawBufferPointer? {
        let n = u32(Self.textsAt + 4 * t.rawValue)
        guard n != Self.noText else { return nil }
        let start = start(ofText: t.rawValue)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(n))])
    }

    /// The detail JSON.
    var detail: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[start(ofText: 4)...]) }

    /// Where text `k` starts: after the key and the texts before it (the detail is text 4).
    private func start(ofText k: Int) -> Int {
        var start = Self.headerSize + Int(u32(4))
        for i in 0..<k {
            let n = u32(Self.textsAt + 4 * i)
            if n != Self.noText { start += Int(n) }
        }
        return start
    }

    /// Whether `a` sorts before `b`: by key as the table does, then by the rules' order, so the first
    /// of equal keys is the one the first rule to name it gave first.
    static func precedes(_ a: FindingRecord, _ b: FindingRecord) -> Bool {
        let c = compareKeys(a.key, b.key)
        return c != 0 ? c < 0 : a.order < b.order
    }

    /// Negative, zero or positive as key `a` sorts before, with or after key `b` (`memcmp`, a prefix first).
    static func compareKeys(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        let c = n == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, n)
        return c != 0 ? Int(c) : a.count - b.count
    }

    /// Appends `f` as a record, with its place in the rules' `order`.
    static func append(_ f: Finding, order: UInt64, to out: inout [UInt8]) {
        let start = out.count
        func store<T: FixedWidthInteger>(_ v: T, at offset: Int) {
            out.withUnsafeMutableBytes { $0.storeBytes(of: v.littleEndian, toByteOffset: start + offset, as: T.self) }
        }
        out.append(contentsOf: repeatElement(0, count: headerSize))
        appendUTF8(f.code.rawValue, to: &out)
        out.append(0x01)
        appendUTF8(f.subject, to: &out)
        store(UInt32(out.count - start - headerSize), at: 4)
        func text(_ t: Text, _ s: String?) {
            let before = out.count
            if let s { appendUTF8(s, to: &out) }
            store(s == nil ? noText : UInt32(out.count - before), at: textsAt + 4 * t.rawValue)
        }
        text(.idNumber, f.idNumber)
        text(.txnRef, f.txnRef)
        text(.townCode, f.townCode)
        text(.villageCode, f.villageCode)
        f.evidence.render(into: &out)
        let length = out.count - start
        precondition(length <= Int(UInt32.max), "a finding of \(length) bytes")
        store(UInt32(length), at: 0)
        store(order, at: 8)
        store(Int64(f.year ?? 0), at: 16)
        store(f.amountFen ?? 0, at: 24)
        out[start + 32] = UInt8(codes.firstIndex(of: f.code)!)
        out[start + 33] = f.insurance.map { UInt8(insurances.firstIndex(of: $0)!) } ?? noCase
        out[start + 34] = f.channel.map { UInt8(channels.firstIndex(of: $0)!) } ?? noCase
        out[start + 35] = (f.year == nil ? 0 : hasYear) | (f.amountFen == nil ? 0 : hasAmount)
    }

    private static func appendUTF8(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }
}
