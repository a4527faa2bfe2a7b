/// The (code, subject) keys of findings as bytes in one buffer, ordered as the `findings` table's
/// primary key orders them, so a run's findings and the stored ones meet in one merge and rows are
/// written in key order (neighbouring B-tree pages).
///
/// A key is the code's UTF-8, a 0x01 byte, the subject's UTF-8. SQLite's BINARY collation compares
/// UTF-8 with `memcmp`, a prefix first; a code never holds a byte below 0x02, so comparing the joined
/// bytes the same way orders (code, subject) exactly as `ORDER BY code, subject` does.
struct FindingKeys {
    private var bytes: [UInt8] = []
    /// Where key k ends in `bytes`; it starts where key k − 1 ends.
    private var ends: [Int] = []

    init(capacity: Int = 0) {
        ends.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * 40)
    }

    var count: Int { ends.count }

    mutating func append(code: UnsafeRawBufferPointer, subject: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: code)
        bytes.append(0x01)
        bytes.append(contentsOf: subject)
        ends.append(bytes.count)
    }

    mutating func append(code: String, subject: String) {
        var code = code, subject = subject
        code.withUTF8 { c in subject.withUTF8 { s in append(code: UnsafeRawBufferPointer(c), subject: UnsafeRawBufferPointer(s)) } }
    }

    @inline(__always) private func range(_ k: Int) -> (start: Int, count: Int) {
        let start = k == 0 ? 0 : ends[k - 1]
        return (start, ends[k] - start)
    }

    /// Negative, zero or positive as key `k` of these keys sorts before, with or after key `j` of `other`.
    func compare(_ k: Int, _ other: FindingKeys, _ j: Int) -> Int {
        let b = other.range(j)
        return other.bytes.withUnsafeBytes { y in compare(k, UnsafeRawBufferPointer(rebasing: y[b.start..<(b.start + b.count)])) }
    }

    /// Negative, zero or positive as key `k` sorts before, with or after `key` (the same form).
    func compare(_ k: Int, _ key: UnsafeRawBufferPointer) -> Int {
        let a = range(k)
        return bytes.withUnsafeBytes { x in
            FindingRecord.compareKeys(UnsafeRawBufferPointer(rebasing: x[a.start..<(a.start + a.count)]), key)
        }
    }

    /// The keys' indices in key order.
    func sortedIndices() -> [Int] {
        Array(0..<count).sorted { compare($0, self, $1) < 0 }
    }

    /// Whether the keys are already in key order (the stored ones, read by primary key).
    var isSorted: Bool {
        count < 2 || (1..<count).allSatisfy { compare($0 - 1, self, $0) <= 0 }
    }

    /// Key k's code and subject, as text.
    func parts(_ k: Int) -> (code: String, subject: String) {
        let r = range(k)
        let key = bytes[r.start..<(r.start + r.count)]
        let split = key.firstIndex(of: 0x01)!
        return (String(decoding: key[..<split], as: UTF8.self), String(decoding: key[(split + 1)...], as: UTF8.self))
    }
}
