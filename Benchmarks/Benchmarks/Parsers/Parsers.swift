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
            measure(benchmark, files, bytes: files.reduce(0) { $0 + $1.expandedBytes }) { i in
                reader.read(name: files[i].name, bytes: files[i].bytes, sha256: files[i].sha256)
            }
        } setup: {
            _ = Fixture.shared
        }
        Benchmark("parse only: \(format)", configuration: Stage.configuration(bytes: true, rows: true)) { benchmark in
            let files = Fixture.shared.files(format: format)
            let texts = files.map { Fixture.expandedText($0) }
            let reader = FileReader()
            let names = files.map { reader.registry.recognise($0.name) }
            measure(benchmark, files, bytes: texts.reduce(0) { $0 + $1.count }) { i in
                reader.read(name: files[i].name, as: names[i], expanded: texts[i])
            }
        } setup: {
            _ = Fixture.shared
        }
    }
}

/// Parses every file (`parse(i)` for file i) per scaled iteration and reports MB/s of `bytes` and
/// rows; a quarantined file is an error of the benchmark, not a result.
func measure(_ benchmark: Benchmark, _ files: [InputFile], bytes: Int, _ parse: (Int) -> ParsedFile) {
    let start = Stage.now()
    var rows = 0
    for _ in benchmark.scaledIterations {
        for i in files.indices {
            let parsed = parse(i)
            if parsed.isQuarantined { benchmark.error("\(files[i].name) was quarantined: \(parsed.outcome)") }
            rows += parsed.dataRows
            blackHole(parsed)
        }
    }
    Stage.report(benchmark, since: start, bytes: bytes * benchmark.scaledIterations.count, rows: rows)
}
