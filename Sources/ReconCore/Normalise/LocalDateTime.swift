/// A Beijing local timestamp with second precision, kept as seconds since 1970-01-01 00:00:00 local.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public init(date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = Int64(date.dayNumber) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Validating initialiser.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard let d = LocalDate(validYear: year, month: month, day: day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.init(date: d, hour: hour, minute: minute, second: second)
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.seconds < b.seconds }

    public var date: LocalDate {
        LocalDate(dayNumber: Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400))
    }

    public var secondOfDay: Int { Int(seconds - Int64(date.dayNumber) * 86400) }

    /// `YYYY-MM-DD HH:MM:SS`.
    public var description: String {
        DigitWriter.string(count: 19) { DigitWriter.write(self, into: $0, at: 0) }
    }

    /// Parses `YYYY-MM-DD HH:MM:SS`.
    public init?(_ text: String) {
        guard let t = TimeFormat.standard.parse(Array(text.utf8)[...], referenceDate: nil) else { return nil }
        self = t
    }
}
