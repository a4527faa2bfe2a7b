/// A `BarChart` of style `.columns` as inline SVG: one column per label — a day of the season —
/// along a time axis, the largest value written at the top, labels under the axis thinned so they
/// never overlap (dates shown as month-day), each column's day and value in its tooltip. Text stays text.
struct ColumnChartSVG {
    let chart: BarChart

    static let width = 960.0, height = 230.0, top = 40.0, bottom = 34.0, side = 10.0
    /// At most this many labels under the axis.
    static let maxLabels = 10

    func figure() -> String {
        "<figure class=\"chart columns\">\n" + svg() + (chart.caption.map { "<figcaption>\(esc($0))</figcaption>\n" } ?? "")
            + "</figure>\n"
    }

    func svg() -> String {
        let n = BarChartSVG.coordinate
        let plotWidth = Self.width - 2 * Self.side, plotHeight = Self.height - Self.top - Self.bottom
        let baseline = Self.top + plotHeight
        let step = plotWidth / Double(max(chart.bars.count, 1))
        let peak = chart.bars.max { $0.value < $1.value }
        let scale = (peak?.value ?? 0) > 0 ? peak!.value : 1
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(Self.width)) \(n(Self.height))\" role=\"img\" aria-label=\"\(esc(chart.title))\">\n"
        s += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(esc(chart.title))</text>\n"
        if let peak, peak.value > 0 {
            s += "<text class=\"axis\" x=\"\(n(Self.width - Self.side))\" y=\"\(n(Self.top - 8))\" text-anchor=\"end\">最高 \(esc(chart.label(peak.value)))（\(esc(peak.label))）</text>\n"
        }
        if chart.bars.isEmpty {
            s += "<text class=\"bar-label\" x=\"\(n(Self.side))\" y=\"\(n(Self.top + 15))\">（无）</text>\n"
        }
        let gap = step > 4 ? 1.0 : 0.0
        for (i, b) in chart.bars.enumerated() {
            let h = plotHeight * max(0, b.value) / scale
            let color = b.series.flatMap { BarChartSVG.colors[$0] } ?? BarChartSVG.defaultColor
            s += "<g class=\"bar\"><title>\(esc(b.label))：\(esc(chart.label(b.value)))</title>"
            s += "<rect x=\"\(n(Self.side + step * Double(i) + gap / 2))\" y=\"\(n(baseline - h))\" width=\"\(n(max(step - gap, 0.5)))\" height=\"\(n(max(h, b.value > 0 ? 0.5 : 0)))\" fill=\"\(color)\"/></g>\n"
        }
        s += "<line x1=\"\(n(Self.side))\" y1=\"\(n(baseline))\" x2=\"\(n(Self.width - Self.side))\" y2=\"\(n(baseline))\" stroke=\"#999\" stroke-width=\"1\"/>\n"
        for i in labelled() {
            let anchor = i == 0 ? "start" : i == chart.bars.count - 1 ? "end" : "middle"
            let x = anchor == "start" ? Self.side : anchor == "end" ? Self.width - Self.side : Self.side + step * (Double(i) + 0.5)
            s += "<text class=\"axis\" x=\"\(n(x))\" y=\"\(n(baseline + 16))\" text-anchor=\"\(anchor)\">\(esc(Self.short(chart.bars[i].label)))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// The columns whose labels are written: the first, the last, and evenly spaced ones between,
    /// none closer to the last than the spacing.
    func labelled() -> [Int] {
        let count = chart.bars.count
        guard count > 0 else { return [] }
        let every = max(1, (count + Self.maxLabels - 1) / Self.maxLabels)
        var out = Array(stride(from: 0, to: count, by: every))
        while let last = out.last, last != count - 1, count - 1 - last < every { out.removeLast() }
        if out.last != count - 1 { out.append(count - 1) }
        return out
    }

    /// A date `YYYY-MM-DD` as `MM-DD` under the axis; other labels as they are.
    static func short(_ label: String) -> String {
        let u = Array(label.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return label }
        return String(label.dropFirst(5))
    }
}
