#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long one stage of a run took, for `recond run --timings` and the benchmarks.
public struct StageTime: Sendable, Equatable {
    public var stage: String
    public var seconds: Double

    public init(_ stage: String, _ seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }

    /// CPU seconds the calling thread has used: beside a stage's wall time on a shared machine, what
    /// the stage itself cost.
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// `stage 1.23 s` lines, one per stage.
    public static func lines(_ stages: [StageTime], prefix: String) -> [String] {
        stages.map { prefix + $0.stage + " " + String(Double(Int($0.seconds * 1000)) / 1000) + " s" }
    }
}
