/// A running 64-bit checksum of a snapshot's sections, fed range by range: the writer and the
/// reader feed the same ranges in the same order, so the sums agree exactly when the bytes do.
///
/// Not a cryptographic hash: it guards against a torn or damaged file, read at memory speed
/// (a county's snapshot is ~150 MB). Whoever can write the snapshot can write the database too.
struct SnapshotChecksum: Equatable {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value ^ UInt64(bytes.count) &* 0xff51_afd7_ed55_8ccd
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x0000_0100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
            i += 1
        }
        h ^= h >> 33
        value = h &* 0xc4ce_b9fe_1a85_ec53
    }
}
