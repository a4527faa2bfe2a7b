import Foundation

/// Wall-clock time in Beijing (UTC+8, no daylight saving), formatted as the store writes times.
public enum BeijingClock {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return LocalDateTime(seconds: seconds).description
    }

    /// RFC 3339 with milliseconds and the offset, for logs and `/healthz`: `2026-12-08T02:19:57.123+08:00`
    /// — the same wall clock as the store's times, and unambiguous to a reader in any time zone.
    public static func rfc3339(_ date: Date = Date()) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = ms.quotientAndRemainder(dividingBy: 1000)
        let fraction = seconds.remainder < 0 ? seconds.remainder + 1000 : seconds.remainder
        let whole = seconds.quotient - (seconds.remainder < 0 ? 1 : 0)
        let t = LocalDateTime(seconds: whole + 8 * 3600).description
        let msText = String(fraction)
        return t.prefix(10) + "T" + t.dropFirst(11) + "." + String(repeating: "0", count: 3 - msText.count) + msText + "+08:00"
    }

    public static func today() -> LocalDate {
        LocalDateTime(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)) + 8 * 3600).date
    }
}
