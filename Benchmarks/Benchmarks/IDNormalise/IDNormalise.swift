// Stage: ID normalisation. IDNumber.parse over the raw ID fields of the enrollment and deaths
// files, with the variants FORMATS.md lists mixed in (see Fixture.rawIDs). krows/s is thousands
// of IDs per second; a pass should allocate nothing.
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    Benchmark("normalise: ID numbers", configuration: Stage.configuration(bytes: false, rows: true)) { benchmark in
        let (bytes, ranges) = Fixture.rawIDs
        let start = Stage.now()
        var valid = 0
        bytes.withUnsafeBytes { raw in
            for _ in benchmark.scaledIterations {
                for r in ranges where IDNumber.parse(UnsafeRawBufferPointer(rebasing: raw[r])) != nil { valid += 1 }
            }
        }
        blackHole(valid)
        Stage.report(benchmark, since: start, rows: ranges.count * benchmark.scaledIterations.count)
    } setup: {
        _ = Fixture.rawIDs
    }
}
