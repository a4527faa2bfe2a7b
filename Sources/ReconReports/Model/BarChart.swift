/// A bar chart of a report section, drawn as inline SVG by `HTMLRenderer`: horizontal bars for
/// categories, or columns for a series of days.
public struct BarChart: Sendable {
    /// How the bars stand.
    enum Style: Sendable {
        /// One labelled horizontal bar per category (`BarChartSVG`).
        case bars
        /// One column per label along a time axis, labels thinned to fit (`ColumnChartSVG`).
        case columns
    }

    /// How bar values read.
    enum Unit: String, Sendable {
        case count
        /// Values in fen, labelled in yuan.
        case money
        /// Ratios, labelled as percentages.
        case percent
    }

    /// One bar.
    struct Bar: Sendable {
        var label: String
        var value: Double
        /// A key of `BarChart.legend`; decides the colour.
        var series: String?
        /// Written after the value (e.g. 差 12 人, how many people short of the target).
        var note: String?
        init(_ label: String, _ value: Double, series: String? = nil, note: String? = nil) {
            self.label = label; self.value = value; self.series = series; self.note = note
        }
    }

    var title: String
    var style: Style = .bars
    var unit: Unit
    var bars: [Bar]
    /// A target line across the bars (e.g. 0.95 for 95 %) and its label.
    var target: Double?
    var targetLabel: String?
    /// Series shown in the legend, in order: (key, label).
    var legend: [(key: String, label: String)]
    /// A closing line under the chart (合计 …).
    var caption: String?

    init(title: String, style: Style = .bars, unit: Unit, bars: [Bar], target: Double? = nil, targetLabel: String? = nil,
                legend: [(key: String, label: String)] = [], caption: String? = nil) {
        self.title = title; self.style = style; self.unit = unit; self.bars = bars; self.target = target; self.targetLabel = targetLabel
        self.legend = legend; self.caption = caption
    }

    /// A value as its label reads.
    func label(_ value: Double) -> String {
        switch unit {
        case .count: return ReportValue.integer(Int64(value.rounded())).display()
        case .money: return ReportValue.yuan(Int64(value.rounded()))
        case .percent: return ReportValue.percent(value)
        }
    }
}
