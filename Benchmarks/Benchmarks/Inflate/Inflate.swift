// Stage: inflate. Every file of the generated inbox through GzipReader (zlib streaming, one
// thread), output discarded. MB/s is expanded bytes per second.
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    Benchmark("inflate: all inbox files, 1 thread", configuration: Stage.configuration(bytes: true, rows: false)) { benchmark in
        let files = Fixture.shared.files
        let start = Stage.now()
        var total = 0
        for _ in benchmark.scaledIterations {
            for f in files {
                let gz = GzipReader(compressed: f.bytes)
                while try gz.next({ total &+= $0.count }) {}
            }
        }
        blackHole(total)
        Stage.report(benchmark, since: start, bytes: total)
    } setup: {
        _ = Fixture.shared
    }
}
