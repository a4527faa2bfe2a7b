/// How long one stage of a run took, for `recond run --timings` and the benchmarks.
public struct StageTime: Sendable, Equatable {
    public var stage: String
    public var seconds: Double

    public init(_ stage: String, _ seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }

    /// `stage 1.23 s` lines, one per stage.
    public static func lines(_ stages: [StageTime], prefix: String) -> [String] {
        stages.map { prefix + $0.stage + " " + String(Double(Int($0.seconds * 1000)) / 1000) + " s" }
    }
}
