import Foundation

/// A time of day in Beijing (UTC+8, no daylight saving) at which something is due every day.
public struct DailySchedule: Sendable, Equatable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    /// As given (`06:00`).
    public let description: String

    /// From `HH:MM`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        hour = h
        minute = m
        description = text
    }

    /// The first moment strictly after `date` at which this time of day comes in Beijing.
    public func next(after date: Date) -> Date {
        let offset = 8 * 3600
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let dayStart = local - ((local % 86400) + 86400) % 86400
        var due = dayStart + hour * 3600 + minute * 60
        if due <= local { due += 86400 }
        return Date(timeIntervalSince1970: TimeInterval(due - offset))
    }
}
