// Stage: the joined view. JoinedView.load over a database filled with the whole fixture: reads
// files, records, roster, deaths, assistance, employee, ledger and claims and resolves the joins
// (enrollment index, reversals, ledger matches). krows/s is stored rows loaded per second.
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    Benchmark("view: JoinedView.load", configuration: Stage.configuration(bytes: false, rows: true)) { benchmark in
        do {
            let store = try Store(path: Fixture.filledDatabase)
            let start = Stage.now()
            for _ in benchmark.scaledIterations {
                blackHole(try JoinedView.load(store: store))
            }
            Stage.report(benchmark, since: start, rows: Fixture.parsedRows * benchmark.scaledIterations.count)
        } catch {
            benchmark.error("load failed: \(error)")
        }
    } setup: {
        _ = Fixture.filledDatabase
    }
}
