/// A valid resident ID number (GB 11643), packed into an integer.
///
/// The 17-digit body fits in a `UInt64`; the check character is derived from it,
/// so two IDs are equal exactly when their packed bodies are.
public struct IDNumber: Hashable, Comparable, Sendable {
    /// The 17-digit body as an integer (region, birth date, sequence).
    public let body: UInt64

    public init(body: UInt64) { self.body = body }

    public static func < (a: IDNumber, b: IDNumber) -> Bool { a.body < b.body }

    static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

    /// The ISO 7064 MOD 11-2 check character of a 17-digit body given as ASCII digits.
    public static func checkCharacter<C: Collection>(forDigits digits: C) -> Character where C.Element == UInt8 {
        Character(Unicode.Scalar(checkByte(forDigits: digits)))
    }

    @inline(__always)
    static func checkByte<C: Collection>(forDigits digits: C) -> UInt8 where C.Element == UInt8 {
        var sum = 0
        var i = 0
        for d in digits {
            sum += Int(d &- 0x30) * weights[i]
            i += 1
        }
        return checkCharacters[sum % 11]
    }

    /// The 17 body digits as ASCII.
    var bodyDigits: [UInt8] {
        var out = [UInt8](repeating: 0x30, count: 17)
        var v = body
        for i in stride(from: 16, through: 0, by: -1) {
            out[i] = UInt8(v % 10) + 0x30
            v /= 10
        }
        return out
    }

    /// The 18-character canonical text (upper-case `X`).
    public var text: String {
        // Written in place: one allocation per ID (every parsed row has one), no digit array.
        String(unsafeUninitializedCapacity: 18) { buf in
            DigitWriter.write(self, into: UnsafeMutableRawBufferPointer(buf), at: 0)
            return 18
        }
    }

    /// `text`, for an ID parsed from `raw`: the bytes themselves when they are the canonical text already
    /// (18 digits or a final upper-case X, as most arrive), without writing the digits out again.
    func text(parsedFrom raw: UnsafeRawBufferPointer) -> String {
        guard raw.count == 18, raw.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x58 }) else { return text }
        return String(decoding: raw, as: UTF8.self)
    }

    /// Birth date from the body: (year, month, day).
    public var birthDate: (year: Int, month: Int, day: Int) {
        let ymd = Int((body / 1000) % 100_000_000)
        return (ymd / 10000, (ymd / 100) % 100, ymd % 100)
    }

    /// The 6-digit region code.
    public var region: Int { Int(body / 100_000_000_000) }

    /// Age in whole years completed on the given day.
    public func age(on day: LocalDate) -> Int {
        let b = birthDate
        var age = day.year - b.year
        if (day.month, day.day) < (b.month, b.day) { age -= 1 }
        return age
    }

    /// Normalises an ID number as it arrives (FORMATS.md): trims ASCII and ideographic spaces,
    /// maps full-width digits and `Ｘ`/`ｘ`/`x`, widens 15-digit legacy numbers, then checks
    /// length, digits, check character and birth date. Returns nil when it is invalid.
    public init?(_ text: String) {
        var t = text
        guard let v = t.withUTF8({ IDNumber.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = v
    }

    /// Byte-level normalisation of UTF-8 text; see `init?(_:)`.
    public static func parse(_ raw: UnsafeRawBufferPointer) -> IDNumber? {
        // The common case, 17 ASCII digits and a check character, read directly: then nothing is
        // left to normalise but a lower-case x.
        if raw.count == 18, let id = parseDigits(raw) { return id }
        var chars = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                     UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        var n = 0
        var i = 0
        let count = raw.count
        var sawContent = false
        var trailingSpace = false
        return withUnsafeMutableBytes(of: &chars) { buf -> IDNumber? in
            while i < count {
                let b = raw[i]
                var c: UInt8
                var isSpace = false
                if b < 0x80 {
                    if b == 0x20 || b == 0x09 { isSpace = true; c = 0 } else { c = b == 0x78 ? 0x58 : b }
                    i += 1
                } else if b == 0xEF, i + 2 < count, raw[i + 1] == 0xBC, raw[i + 2] >= 0x90, raw[i + 2] <= 0x99 {
                    c = raw[i + 2] - 0x90 + 0x30; i += 3      // full-width digit
                } else if b == 0xEF, i + 2 < count, raw[i + 1] == 0xBC, raw[i + 2] == 0xB8 {
                    c = 0x58; i += 3                          // Ｘ
                } else if b == 0xEF, i + 2 < count, raw[i + 1] == 0xBD, raw[i + 2] == 0x98 {
                    c = 0x58; i += 3                          // ｘ
                } else if b == 0xE3, i + 2 < count, raw[i + 1] == 0x80, raw[i + 2] == 0x80 {
                    isSpace = true; c = 0; i += 3             // ideographic space
                } else {
                    return nil
                }
                if isSpace {
                    if sawContent { trailingSpace = true }
                    continue
                }
                if trailingSpace || n >= 18 { return nil }   // inner space or too long
                sawContent = true
                buf[n] = c
                n += 1
            }
            var body: UInt64 = 0
            if n == 15 {
                for k in 0..<15 where buf[k] < 0x30 || buf[k] > 0x39 { return nil }
                for k in 0..<6 { body = body * 10 + UInt64(buf[k] - 0x30) }
                body = body * 100 + 19
                for k in 6..<15 { body = body * 10 + UInt64(buf[k] - 0x30) }
            } else if n == 18 {
                for k in 0..<17 where buf[k] < 0x30 || buf[k] > 0x39 { return nil }
                let check = buf[17]
                guard (check >= 0x30 && check <= 0x39) || check == 0x58 else { return nil }
                guard IDNumber.checkByte(forDigits: UnsafeRawBufferPointer(rebasing: buf[0..<17])) == check else { return nil }
                for k in 0..<17 { body = body * 10 + UInt64(buf[k] - 0x30) }
            } else {
                return nil
            }
            return IDNumber(validBirthDate: body)
        }
    }

    /// An 18-byte ID whose first 17 bytes are ASCII digits, as the general path reads it (the number,
    /// or nil for a wrong check character or birth date); nil when they are not all digits.
    @inline(__always)
    private static func parseDigits(_ raw: UnsafeRawBufferPointer) -> IDNumber?? {
        var body: UInt64 = 0
        var sum = 0
        for k in 0..<17 {
            let d = raw[k] &- 0x30
            guard d <= 9 else { return nil }
            body = body * 10 + UInt64(d)
            sum += Int(d) * weights[k]
        }
        let check = raw[17] == 0x78 ? 0x58 : raw[17]
        guard checkCharacters[sum % 11] == check else { return .some(nil) }
        return .some(IDNumber(validBirthDate: body))
    }

    /// The ID of a 17-digit body whose birth date is a real day from 1900 on.
    private init?(validBirthDate body: UInt64) {
        self.init(body: body)
        let b = birthDate
        guard b.year >= 1900, LocalDate.isValid(year: b.year, month: b.month, day: b.day) else { return nil }
    }
}
