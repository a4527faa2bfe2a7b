import ReconCore
/// A Prometheus histogram of durations in seconds: cumulative bucket counts, sum and count.
struct Histogram: Sendable, Equatable {
    let bounds: [Double]
    private(set) var counts: [Int]
    private(set) var sum = 0.0
    private(set) var count = 0

    /// Buckets from a tenth of a second to ten minutes: a small file's ingest to a full year's.
    static let durations = Histogram(bounds: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600])

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count)
    }

    mutating func observe(_ value: Double) {
        for (i, b) in bounds.enumerated() where value <= b { counts[i] += 1 }
        sum += value
        count += 1
    }

    /// The text exposition lines of this histogram under `name`.
    func render(_ name: String, into out: inout String) {
        for (i, b) in bounds.enumerated() {
            out += "\(name)_bucket{le=\"\(PrometheusText.number(b))\"} \(counts[i])\n"
        }
        out += "\(name)_bucket{le=\"+Inf\"} \(count)\n"
        out += "\(name)_sum \(PrometheusText.number(sum))\n"
        out += "\(name)_count \(count)\n"
    }
}

/// Bits of the Prometheus text exposition format (version 0.0.4).
enum PrometheusText {
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// A label value with `\`, `"` and newlines escaped.
    static func label(_ v: String) -> String {
        var out = ""
        for c in v {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func header(_ name: String, _ type: String, _ help: String, into out: inout String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }
}
