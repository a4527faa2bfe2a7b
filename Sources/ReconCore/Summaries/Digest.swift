/// A 64-bit FNV-1a digest of a row's values: the same on every run and in every process (Swift's
/// `Hasher` is seeded per process), so a stored digest tells whether a summary row changed.
struct Digest {
    private(set) var state: UInt64

    /// A fresh digest, or one that goes on from a saved `state`.
    init(state: UInt64 = 0xcbf2_9ce4_8422_2325) { self.state = state }

    /// The digest as SQLite stores it.
    var value: Int64 { Int64(bitPattern: state) }

    @inline(__always) private mutating func byte(_ b: UInt8) {
        state = (state ^ UInt64(b)) &* 0x0000_0100_0000_01b3
    }

    /// Adds a text and a separator (0xFF never occurs in UTF-8), so ("ab", "c") ≠ ("a", "bc").
    mutating func add(_ text: String) {
        var t = text
        t.withUTF8 { for b in $0 { byte(b) } }
        byte(0xFF)
    }

    mutating func add(_ v: Int64) {
        var x = UInt64(bitPattern: v)
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: x))
            x >>= 8
        }
    }
}
