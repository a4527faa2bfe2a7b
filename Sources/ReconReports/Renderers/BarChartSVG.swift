/// A `BarChart` as inline SVG: one horizontal bar per label with its value written after it, an
/// optional dashed target line, a legend and a caption. Text stays text (readable, searchable, printable).
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

    func svg() -> String {
        let width = 720.0, labelWidth = 170.0, valueWidth = 110.0, rowHeight = 22.0, top = 30.0
        let plotWidth = width - labelWidth - valueWidth
        let legendHeight = chart.legend.isEmpty ? 0.0 : 22.0
        let targetHeight = chart.target == nil ? 0.0 : 18.0
        let height = top + rowHeight * Double(max(chart.bars.count, 1)) + targetHeight + legendHeight + 6
        var scale = chart.bars.map(\.value).max() ?? 0
        if let t = chart.target { scale = max(scale, t) }
        if chart.unit == .percent { scale = max(scale, 1.0) }
        if scale <= 0 { scale = 1 }
        func x(_ v: Double) -> Double { labelWidth + plotWidth * max(0, v) / scale }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(esc(chart.title))\">\n"
        s += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(esc(chart.title))</text>\n"
        if chart.bars.isEmpty {
            s += "<text class=\"bar-label\" x=\"\(n(labelWidth))\" y=\"\(n(top + 15))\">（无）</text>\n"
        }
        for (i, b) in chart.bars.enumerated() {
            let y = top + rowHeight * Double(i)
            let color = b.series.flatMap { Self.colors[$0] } ?? Self.defaultColor
            let w = x(b.value) - labelWidth
            s += "<g class=\"bar\"\(b.series.map { " data-series=\"\(esc($0))\"" } ?? "")>"
            s += "<text class=\"bar-label\" x=\"\(n(labelWidth - 6))\" y=\"\(n(y + 14))\" text-anchor=\"end\">\(esc(DisplayWidth.truncate(b.label, to: 26)))</text>"
            s += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y + 2))\" width=\"\(n(max(w, 0.5)))\" height=\"16\" fill=\"\(color)\"/>"
            s += "<text class=\"bar-value\" x=\"\(n(labelWidth + w + 4))\" y=\"\(n(y + 14))\">\(esc(chart.label(b.value)))</text>"
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

    /// A coordinate with at most one decimal.
    func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
