import Foundation

/// Wall-clock time in Beijing (UTC+8, no daylight saving), formatted as the store writes times.
public enum BeijingClock {
    public static func now() -> String { format(Date()) }

    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        return LocalDateTime(seconds: seconds).description
    }

    public static func today() -> LocalDate {
        LocalDateTime(seconds: Int64(Date().timeIntervalSince1970.rounded(.down)) + 8 * 3600).date
    }
}
