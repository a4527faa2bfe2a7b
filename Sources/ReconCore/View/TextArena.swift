/// Byte strings appended to one buffer and addressed by `TextRef`: texts kept for a million rows
/// (tickets) without a `String` each; a `String` is made when a finding names one.
struct TextArena {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ b: UnsafeRawBufferPointer) -> TextRef {
        let r = TextRef(offset: UInt32(bytes.count), length: UInt32(b.count))
        bytes.append(contentsOf: b)
        return r
    }

    func string(_ r: TextRef) -> String {
        bytes.withUnsafeBytes { String(decoding: $0[Int(r.offset)..<Int(r.offset + r.length)], as: UTF8.self) }
    }

    func write(to w: inout SnapshotWriter) { w.put(plain: bytes) }

    init(from r: inout SnapshotReader) throws { bytes = try r.get(plain: UInt8.self) }

    init() {}
}
