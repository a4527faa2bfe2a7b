/// A `BarChart` as inline SVG: one horizontal bar per label with its value written in a column of its
/// own to the right (never over a bar or the target line), an optional dashed target line, a legend and
/// a caption. Labels get the room their longest one needs. A percentage chart's axis is fitted to the
/// data and the target (92 % and 94 % must look different), with its ends written at the top. Text
/// stays text (readable, searchable, printable).
struct BarChartSVG {
    let chart: BarChart

    static let colors: [String: String] = [
        "high": "#c0392b", "medium": "#e67e22", "info": "#7f8c8d", "met": "#2e8b57", "below": "#d35400",
    ]
    static let defaultColor = "#2c7fb8"

    func figure() -> String {
        "<figure class=\"chart\">\n" + svg() + (chart.caption.map { "<figcaption>\(esc($0))</figcaption>\n" } ?? "")
            + "</figure>\n"
    }

    /// Pixels per display column of the 12 px labels (a Chinese character is two columns).
    static let columnPixels = 6.5

    func svg() -> String {
        let longestLabel = chart.bars.map { DisplayWidth.of($0.label) }.max() ?? 4
        let labelWidth = min(300, max(80, Double(longestLabel) * Self.columnPixels + 14))
        let longestValue = chart.bars.map { DisplayWidth.of(valueText($0)) }.max() ?? 6
        let valueWidth = max(80, Double(longestValue) * Self.columnPixels + 12)
        let width = max(720, labelWidth + valueWidth + 360), rowHeight = 22.0, top = 38.0
        let plotWidth = width - labelWidth - valueWidth
        let legendHeight = chart.legend.isEmpty ? 0.0 : 22.0
        let targetHeight = chart.target == nil ? 0.0 : 18.0
        let height = top + rowHeight * Double(max(chart.bars.count, 1)) + targetHeight + legendHeight + 6
        let (low, scale) = axis()
        func x(_ v: Double) -> Double { labelWidth + plotWidth * min(1, max(0, v - low) / scale) }
        let maxLabel = Int((labelWidth - 14) / Self.columnPixels)

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(esc(chart.title))\">\n"
        s += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(esc(chart.title))</text>\n"
        if chart.unit == .percent {
            // The axis does not start at 0: its two ends are written over the plot.
            s += "<text class=\"axis\" x=\"\(n(labelWidth))\" y=\"\(n(top - 6))\">\(esc(chart.label(low)))</text>"
            s += "<text class=\"axis\" x=\"\(n(labelWidth + plotWidth))\" y=\"\(n(top - 6))\" text-anchor=\"end\">\(esc(chart.label(low + scale)))</text>\n"
        }
        if chart.bars.isEmpty {
            s += "<text class=\"bar-label\" x=\"\(n(labelWidth))\" y=\"\(n(top + 15))\">（无）</text>\n"
        }
        for (i, b) in chart.bars.enumerated() {
            let y = top + rowHeight * Double(i)
            let color = b.series.flatMap { Self.colors[$0] } ?? Self.defaultColor
            let w = x(b.value) - labelWidth
            s += "<g class=\"bar\"\(b.series.map { " data-series=\"\(esc($0))\"" } ?? "")>"
            s += "<text class=\"bar-label\" x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 14))\" text-anchor=\"end\">\(esc(DisplayWidth.truncate(b.label, to: maxLabel)))</text>"
            s += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 2))\" width=\"\(n(max(w, 0.5)))\" height=\"16\" fill=\"\(color)\"/>"
            s += "<text class=\"bar-value\" x=\"\(n(labelWidth + plotWidth + 8))\" y=\"\(n(y + 14))\">\(esc(valueText(b)))</text>"
            s += "</g>\n"
        }
        let bottom = top + rowHeight * Double(max(chart.bars.count, 1))
        if let t = chart.target {
            let tx = x(t)
            s += "<line class=\"target\" x1=\"\(n(tx))\" y1=\"\(n(top - 2))\" x2=\"\(n(tx))\" y2=\"\(n(bottom + 2))\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n"
            s += "<text class=\"target-label\" x=\"\(n(tx))\" y=\"\(n(bottom + 14))\" text-anchor=\"middle\">\(esc(chart.targetLabel ?? chart.label(t)))</text>\n"
        }
        if !chart.legend.isEmpty {
            var lx = labelWidth
            let ly = bottom + targetHeight + 8
            for item in chart.legend {
                s += "<rect x=\"\(n(lx))\" y=\"\(n(ly))\" width=\"12\" height=\"12\" fill=\"\(Self.colors[item.key] ?? Self.defaultColor)\"/>"
                s += "<text class=\"legend\" x=\"\(n(lx + 16))\" y=\"\(n(ly + 11))\">\(esc(item.label))</text>\n"
                lx += 24 + Double(DisplayWidth.of(item.label)) * 7
            }
        }
        return s + "</svg>\n"
    }

    /// A bar's value as written, with its note.
    func valueText(_ b: BarChart.Bar) -> String {
        chart.label(b.value) + (b.note.map { "（\($0)）" } ?? "")
    }

    /// Where the axis starts and how much it spans. Counts and money from 0; percentages from the
    /// 5 % step below the smallest value or target, to the step above the largest (at most 100 %).
    func axis() -> (low: Double, span: Double) {
        var values = chart.bars.map(\.value)
        if let t = chart.target { values.append(t) }
        let high = values.max() ?? 0
        guard chart.unit == .percent, let least = values.min() else { return (0, high > 0 ? high : 1) }
        let low = max(0, (least * 20).rounded(.down) / 20 - 0.05)
        let top = min(1, max(low + 0.05, (high * 20).rounded(.up) / 20))
        return (low, top - low)
    }

    func n(_ v: Double) -> String { Self.coordinate(v) }

    /// A coordinate with at most one decimal.
    static func coordinate(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
