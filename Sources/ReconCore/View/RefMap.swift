/// An open-addressing map from (channel, reference bytes) to an `Int32`, with the reference bytes
/// kept in one buffer: the joins of the view on txn_ref, 渠道流水号 and payer key without making a
/// `String` per row (a `String` is made only for the few references a finding names).
///
/// Entries keep their insertion order: entry k is the k-th distinct key.
struct RefMap {
    private(set) var bytes: [UInt8] = []
    private(set) var refs: [TextRef] = []
    private(set) var channels: [UInt8] = []
    private(set) var hashes: [UInt64] = []
    /// The value of each entry.
    var values: [Int32] = []
    private var slots: [Int32]
    private var mask: Int

    /// Slots are a power of two, kept at most 70% full: probes stay short while a city's 4.3M
    /// references fit 2^23 slots (at 50% they would need 2^24, a quarter used: 64 MB a map, three maps).
    init(capacity: Int = 16) {
        var size = 16
        while size * 7 < capacity * 10 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        refs.reserveCapacity(capacity)
        channels.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * 20)
    }

    var count: Int { refs.count }

    /// FNV-1a over the channel and the bytes, then mixed (the low bits pick the slot).
    @inline(__always) static func hash(_ channel: UInt8, _ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(channel)
        for c in b { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    @inline(__always) private func matches(_ e: Int, _ channel: UInt8, _ hash: UInt64, _ b: UnsafeRawBufferPointer) -> Bool {
        guard hashes[e] == hash, channels[e] == channel, Int(refs[e].length) == b.count else { return false }
        let start = Int(refs[e].offset)
        return bytes.withUnsafeBytes { all in
            b.count == 0 || memcmp(all.baseAddress! + start, b.baseAddress!, b.count) == 0
        }
    }

    /// The entry of a key, if present.
    func find(_ channel: UInt8, _ b: UnsafeRawBufferPointer) -> Int? {
        find(channel, b, hash: RefMap.hash(channel, b))
    }

    func find(_ channel: UInt8, _ b: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(slots[i])
            if e < 0 { return nil }
            if matches(e, channel, hash, b) { return e }
            i = (i + 1) & mask
        }
    }

    /// The entry of a String key, if present.
    func find(_ channel: UInt8, _ s: String) -> Int? {
        var s = s
        return s.withUTF8 { find(channel, UnsafeRawBufferPointer($0)) }
    }

    /// The entry of a key, adding it with `value` when absent; `inserted` tells which.
    @discardableResult
    mutating func insert(_ channel: UInt8, _ b: UnsafeRawBufferPointer, value: Int32) -> (entry: Int, inserted: Bool) {
        let h = RefMap.hash(channel, b)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[i])
            if e < 0 { break }
            if matches(e, channel, h, b) { return (e, false) }
            i = (i + 1) & mask
        }
        let e = refs.count
        slots[i] = Int32(e)
        refs.append(TextRef(offset: UInt32(bytes.count), length: UInt32(b.count)))
        bytes.append(contentsOf: b)
        channels.append(channel)
        hashes.append(h)
        values.append(value)
        if refs.count * 10 > slots.count * 7 { grow() }
        return (e, true)
    }

    private mutating func grow() { place(slotCount: slots.count * 2) }

    /// Places every entry in `size` fresh slots.
    private mutating func place(slotCount size: Int) {
        var fresh = [Int32](repeating: -1, count: size)
        let m = size - 1
        for e in hashes.indices {
            var i = Int(truncatingIfNeeded: hashes[e]) & m
            while fresh[i] >= 0 { i = (i + 1) & m }
            fresh[i] = Int32(e)
        }
        slots = fresh
        mask = m
    }

    /// The key bytes of an entry (valid while the map is not changed).
    func withBytes<T>(_ e: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let r = refs[e]
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(r.offset)..<Int(r.offset + r.length)])) }
    }

    /// The key hash of an entry (the same for the same channel and bytes in any map).
    func hash(ofEntry e: Int) -> UInt64 { hashes[e] }

    /// The key of an entry as a String.
    func string(_ e: Int) -> String {
        withBytes(e) { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Snapshot

    /// Writes the map as it is, slots included: read back, it needs no rehashing.
    func write(to w: inout SnapshotWriter) {
        w.put(plain: bytes)
        w.put(plain: refs)
        w.put(plain: channels)
        w.put(plain: hashes)
        w.put(plain: values)
        w.put(UInt64(slots.count))
    }

    /// Reads a map `write(to:)` wrote, checking that its parts fit each other.
    init(from r: inout SnapshotReader) throws {
        bytes = try r.get(plain: UInt8.self)
        refs = try r.get(plain: TextRef.self)
        channels = try r.get(plain: UInt8.self)
        hashes = try r.get(plain: UInt64.self)
        values = try r.get(plain: Int32.self)
        // The slots are placed again from the hashes (a few ms), rather than written out (megabytes).
        let size = Int(try r.get(UInt64.self))
        let n = refs.count
        slots = []
        mask = 0
        guard size >= 16, size <= 1 << 40, size & (size - 1) == 0, channels.count == n, hashes.count == n,
              values.count == n, n * 10 <= size * 7, refs.allSatisfy({ Int($0.offset) + Int($0.length) <= bytes.count })
        else { throw SnapshotError.damaged("a reference map") }
        place(slotCount: size)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
