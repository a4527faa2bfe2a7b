// Stage: SQLite writes. StoreWriter.write of every parsed file, in (file date, name) order, into a
// fresh database (created and migrated outside the measurement, removed after). krows/s is rows
// stored (payments, ledger and reference rows).
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    Benchmark("sqlite: write all parsed files", configuration: Stage.configuration(bytes: false, rows: true, maxSeconds: 5, maxIterations: 20)) { benchmark in
        let files = Fixture.parsed
        for _ in benchmark.scaledIterations {
            let path = Fixture.shared.scratchDatabase("write")
            defer { Fixture.removeDatabase(path) }
            do {
                let store = try Store(path: path)
                let writer = try StoreWriter(store: store)
                benchmark.startMeasurement()
                let start = Stage.now()
                for f in files { try writer.write(f, receivedAt: "2024-01-10 06:00:00", runID: nil) }
                Stage.report(benchmark, since: start, rows: Fixture.parsedRows)
                benchmark.stopMeasurement()
            } catch {
                benchmark.error("write failed: \(error)")
            }
        }
    } setup: {
        _ = Fixture.parsed
    }
}
