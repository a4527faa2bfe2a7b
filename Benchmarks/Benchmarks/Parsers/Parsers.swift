// Stage: each format's parser. FileReader.read (recognise + inflate + encoding check + parse) over
// every file of one format, one thread. MB/s is expanded bytes per second, krows/s data rows.
import BenchFixtures
import Benchmark
import ReconCore

let benchmarks: @Sendable () -> Void = {
    for format in Fixture.formats {
        Benchmark("parse: \(format)", configuration: Stage.configuration(bytes: true, rows: true)) { benchmark in
            let files = Fixture.shared.files(format: format)
            let reader = FileReader()
            let bytes = files.reduce(0) { $0 + $1.expandedBytes }
            let start = Stage.now()
            var rows = 0
            for _ in benchmark.scaledIterations {
                for f in files {
                    let parsed = reader.read(name: f.name, bytes: f.bytes, sha256: f.sha256)
                    if parsed.isQuarantined { benchmark.error("\(f.name) was quarantined: \(parsed.outcome)") }
                    rows += parsed.dataRows
                    blackHole(parsed)
                }
            }
            Stage.report(benchmark, since: start, bytes: bytes * benchmark.scaledIterations.count, rows: rows)
        } setup: {
            _ = Fixture.shared
        }
    }
}
