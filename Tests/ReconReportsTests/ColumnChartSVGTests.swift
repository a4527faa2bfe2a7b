import XCTest
@testable import ReconReports

/// The season's chart: one column per day, a column's height its share of the highest day, labels
/// under the axis thinned so they never crowd, each day's value in its tooltip.
final class ColumnChartSVGTests: XCTestCase {
    func chart(days: Int) -> BarChart {
        let bars = (0..<days).map { i -> BarChart.Bar in
            let d = 1 + i % 28, m = 9 + i / 28
            return .init(String(format: "2026-%02d-%02d", m, d), Double((i % 7) * 10_000))
        }
        return BarChart(title: "每日对账单收款", style: .columns, unit: .money, bars: bars)
    }

    func testColumnsScaleToTheHighestDayAndCarryTheirValues() {
        let svg = ColumnChartSVG(chart: chart(days: 14)).svg()
        XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 14)
        XCTAssertTrue(svg.contains("<title>2026-09-07：600.00</title>"), svg)
        XCTAssertTrue(svg.contains("最高 600.00（2026-09-07）"))
        // The highest column spans the plot; a day without money has no height.
        let plot = ColumnChartSVG.height - ColumnChartSVG.top - ColumnChartSVG.bottom
        XCTAssertTrue(svg.contains("height=\"\(BarChartSVG.coordinate(plot))\""), svg)
        XCTAssertTrue(svg.contains("height=\"0\""))
    }

    func testLabelsAreThinnedAndTheLastDayIsAlwaysNamed() {
        for days in [1, 2, 9, 10, 11, 31, 95, 140] {
            let c = ColumnChartSVG(chart: chart(days: days))
            let shown = c.labelled()
            XCTAssertEqual(shown.first, 0, "\(days)")
            XCTAssertEqual(shown.last, days - 1, "\(days)")
            XCTAssertLessThanOrEqual(shown.count, ColumnChartSVG.maxLabels + 1, "\(days)")
            let every = max(1, (days + ColumnChartSVG.maxLabels - 1) / ColumnChartSVG.maxLabels)
            for (a, b) in zip(shown, shown.dropFirst()) { XCTAssertGreaterThanOrEqual(b - a, every, "\(days): \(shown)") }
        }
        XCTAssertEqual(ColumnChartSVG.short("2026-09-07"), "09-07")
        XCTAssertEqual(ColumnChartSVG.short("第一周"), "第一周")
        XCTAssertTrue(ColumnChartSVG(chart: BarChart(title: "t", style: .columns, unit: .count, bars: [])).svg().contains("（无）"))
    }
}
