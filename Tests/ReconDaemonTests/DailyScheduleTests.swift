import Foundation
import ReconCore
import XCTest
import ReconDaemon

/// `reconcile_at` is a Beijing time of day, due once a day.
final class DailyScheduleTests: XCTestCase {
    func testNextComesLaterTheSameBeijingDayOrTheNextDay() throws {
        let s = try XCTUnwrap(DailySchedule("06:30"))
        // 2024-01-01 00:00 UTC is 08:00 in Beijing: 06:30 has passed, so the next is 2024-01-01 22:30 UTC (06:30 on the 2nd in Beijing).
        let t = Date(timeIntervalSince1970: 1_704_067_200)
        XCTAssertEqual(s.next(after: t).timeIntervalSince1970, 1_704_067_200 + 22.5 * 3600)
        // 2023-12-31 22:00 UTC is 06:00 in Beijing: 06:30 is 30 minutes away.
        XCTAssertEqual(s.next(after: t.addingTimeInterval(-2 * 3600)).timeIntervalSince1970, 1_704_067_200 - 1.5 * 3600)
        // Exactly at the time: the next one is a day later.
        let at = s.next(after: t)
        XCTAssertEqual(s.next(after: at).timeIntervalSince(at), 86400)
        for bad in ["6:30", "24:00", "06:60", "0630", "06:30:00"] { XCTAssertNil(DailySchedule(bad), bad) }
    }
}
