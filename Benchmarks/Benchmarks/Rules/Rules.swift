// Stage: the rules. Reconciler.findings over a RuleInput loaded once (outside the measurement)
// from a database filled with the whole fixture, into a spill beside it (the findings encoded,
// sorted in chunks and written to its temporary file). krows/s is payments judged per second.
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    Benchmark("rules: Reconciler.findings", configuration: Stage.configuration(bytes: false, rows: true)) { benchmark in
        do {
            let input = try RuleInput.load(store: try Store(path: Fixture.filledDatabase))
            benchmark.startMeasurement()
            let start = Stage.now()
            var found = 0
            for _ in benchmark.scaledIterations {
                let spill = try FindingSpill(directory: FindingSpill.directory(forDatabase: Fixture.filledDatabase))
                Reconciler.findings(input, into: spill)
                found += spill.count
            }
            Stage.report(benchmark, since: start, rows: input.payments.count * benchmark.scaledIterations.count)
            benchmark.stopMeasurement()
            blackHole(found)
        } catch {
            benchmark.error("load failed: \(error)")
        }
    } setup: {
        _ = Fixture.filledDatabase
    }
}
