/// Writes dates and times as ASCII digits straight into a byte buffer.
///
/// Every stored row carries a date or a timestamp: formatting them through `String`
/// interpolation cost an allocation or three per field, which showed in the write profile.
enum DigitWriter {
    /// Writes `value` as exactly `width` zero-padded digits at `offset`.
    @inline(__always)
    static func write(_ value: Int, width: Int, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        var v = value < 0 ? 0 : value
        var i = offset + width - 1
        while i >= offset {
            out[i] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
            v /= 10
            i -= 1
        }
    }

    /// `YYYY-MM-DD` at `offset` (10 bytes).
    @inline(__always)
    static func write(_ d: LocalDate, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        write(d.year, width: 4, into: out, at: offset)
        out[offset + 4] = 0x2D
        write(d.month, width: 2, into: out, at: offset + 5)
        out[offset + 7] = 0x2D
        write(d.day, width: 2, into: out, at: offset + 8)
    }

    /// The 18-character ID number (17 digits and the check character) at `offset`.
    @inline(__always)
    static func write(_ id: IDNumber, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        write(Int(id.body), width: 17, into: out, at: offset)
        out[offset + 17] = IDNumber.checkByte(forDigits: UnsafeRawBufferPointer(rebasing: out[offset..<offset + 17]))
    }

    /// `YYYY-MM-DD HH:MM:SS` at `offset` (19 bytes).
    @inline(__always)
    static func write(_ t: LocalDateTime, into out: UnsafeMutableRawBufferPointer, at offset: Int) {
        write(t.date, into: out, at: offset)
        let s = t.secondOfDay
        out[offset + 10] = 0x20
        write(s / 3600, width: 2, into: out, at: offset + 11)
        out[offset + 13] = 0x3A
        write(s / 60 % 60, width: 2, into: out, at: offset + 14)
        out[offset + 16] = 0x3A
        write(s % 60, width: 2, into: out, at: offset + 17)
    }

    /// A string of `count` ASCII bytes written by `body`, in one allocation (none when it fits inline).
    @inline(__always)
    static func string(count: Int, _ body: (UnsafeMutableRawBufferPointer) -> Void) -> String {
        String(unsafeUninitializedCapacity: count) { buf in
            body(UnsafeMutableRawBufferPointer(buf))
            return count
        }
    }
}
