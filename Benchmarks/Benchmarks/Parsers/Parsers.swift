// Stage: each format's parser, one thread. "parse: <format>" is FileReader.read over every file of one
// format (recognise + inflate + encoding check + parse: what a parse thread does); "parse only:
// <format>" the same files' inflated text through FileReader.read(name:as:expanded:) (encoding check +
// parse, no inflate). MB/s is expanded bytes per second, krows/s data rows.
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
        Benchmark("parse only: \(format)", configuration: Stage.configuration(bytes: true, rows: true)) { benchmark in
            let files = Fixture.shared.files(format: format)
            let texts = files.map { Fixture.expandedText($0) }
            let reader = FileReader()
            let names = files.map { reader.registry.recognise($0.name) }
            let bytes = texts.reduce(0) { $0 + $1.count }
            let start = Stage.now()
            var rows = 0
            for _ in benchmark.scaledIterations {
                for (i, f) in files.enumerated() {
                    let parsed = reader.read(name: f.name, as: names[i], expanded: texts[i])
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
