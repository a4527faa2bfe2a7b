import Benchmark
import Dispatch

/// Shared configuration and derived metrics of the stage benchmarks.
///
/// Every benchmark iteration processes the whole fixture once (all files of the stage), so
/// `throughput` is passes per second; the custom metrics turn one pass into data rates:
/// `MB/s` (expanded bytes, where the stage reads bytes) and `krows/s` (rows, IDs or findings).
/// `mallocCountTotal` is per pass: compare it with the rows and files of the pass (printed by the
/// fixture) — a hot path should allocate O(files), not O(rows).
public enum Stage {
    public static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    public static let kiloRowsPerSecond = BenchmarkMetric.custom("krows/s", polarity: .prefersLarger, useScalingFactor: false)

    public static func configuration(bytes: Bool, rows: Bool, maxSeconds: Int = 3, maxIterations: Int = 50) -> Benchmark.Configuration {
        var metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
        if bytes { metrics.append(megabytesPerSecond) }
        if rows { metrics.append(kiloRowsPerSecond) }
        return .init(metrics: metrics, warmupIterations: 1, scalingFactor: .one,
                     maxDuration: .seconds(maxSeconds), maxIterations: maxIterations)
    }

    /// Monotonic nanoseconds.
    @inline(__always) public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Records the data rates of one pass that started at `start`.
    public static func report(_ benchmark: Benchmark, since start: UInt64, bytes: Int? = nil, rows: Int? = nil) {
        let seconds = Double(max(1, now() - start)) / 1e9
        if let bytes { benchmark.measurement(megabytesPerSecond, Int((Double(bytes) / 1e6 / seconds).rounded())) }
        if let rows { benchmark.measurement(kiloRowsPerSecond, Int((Double(rows) / 1e3 / seconds).rounded())) }
    }
}
