// ParseThroughput: each format's inflate and parse throughput over an inbox, in MB/s of expanded
// text per core (CPU time of the one thread doing the work), for the parser work of Benchmarks/README.md.
//
//   ParseThroughput [--config FILE] [--runs N] [--format NAME] INBOX
//
// Every recognised file is read into memory and inflated once. Then, N rounds, each format in turn:
// inflate only (`GzipReader` over every file of the format, output discarded); `FileReader.read` over
// the same files (inflate + encoding check + parse, what a parse thread does); and the parse alone
// (`FileReader.read(name:as:expanded:)` over the inflated text). Medians over the rounds.
// `--config` reads the formats (declared layouts, patterns) from a recond configuration.
import Foundation
import ReconCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

var configPath: String?
var runs = 5
var only: String?
var inbox: String?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--config": configPath = args.popFirst()
    case "--runs": runs = Int(args.popFirst() ?? "") ?? 0
    case "--format": only = args.popFirst()
    default: inbox = a
    }
}
guard let inbox, runs > 0 else {
    FileHandle.standardError.write(Data("usage: ParseThroughput [--config FILE] [--runs N] [--format NAME] INBOX\n".utf8))
    exit(2)
}

/// CPU seconds of the calling thread.
func threadCPU() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

struct Input {
    var name: String
    var recognised: RecognisedName
    var bytes: [UInt8]
    var sha256: String
    var text: [UInt8]
}

do {
    let reader = try configPath.map { try Configuration.load(path: $0).fileReader } ?? FileReader()
    var byFormat: [String: [Input]] = [:]
    var expanded: [String: Int] = [:]
    var skipped = 0
    for name in try Inbox.list(inbox).files {
        guard let r = reader.registry.recognise(name), only == nil || r.format.name == only else { continue }
        let bytes = try Inbox.read(inbox + "/" + name)
        let gz = GzipReader(compressed: bytes)
        var text: [UInt8] = []
        do { while try gz.next({ text.append(contentsOf: $0) }) {} } catch {
            skipped += 1  // a damaged stream: no parse throughput to speak of
            continue
        }
        byFormat[r.format.name, default: []].append(Input(name: name, recognised: r, bytes: bytes, sha256: "", text: text))
        expanded[r.format.name, default: 0] += text.count
    }
    let formats = reader.registry.formats.map(\.name).filter { byFormat[$0] != nil }
    var inflateCPU: [String: [Double]] = [:]
    var readCPU: [String: [Double]] = [:]
    var parseCPU: [String: [Double]] = [:]
    var rows: [String: Int] = [:]
    var quarantined = Set<String>()  // parsed all the same (the county inbox has damaged files)
    for _ in 0..<runs {
        for f in formats {
            let files = byFormat[f]!
            var sink = 0
            let t0 = threadCPU()
            for file in files {
                let gz = GzipReader(compressed: file.bytes, engine: .igzip)  // the engine files are read with
                while try gz.next({ sink &+= $0.count }) {}
            }
            let t1 = threadCPU()
            var n = 0
            for file in files {
                let parsed = reader.read(name: file.name, as: file.recognised, bytes: file.bytes, sha256: file.sha256)
                if parsed.isQuarantined { quarantined.insert(file.name) }
                n += parsed.dataRows
            }
            let t2 = threadCPU()
            for file in files {
                sink &+= reader.read(name: file.name, as: file.recognised, expanded: file.text).dataRows
            }
            let t3 = threadCPU()
            inflateCPU[f, default: []].append(t1 - t0)
            readCPU[f, default: []].append(t2 - t1)
            parseCPU[f, default: []].append(t3 - t2)
            rows[f] = n
            if sink < 0 { print(sink) }
        }
    }
    func mbps(_ bytes: Int, _ s: Double) -> String { s > 0 ? String(format: "%5.0f", Double(bytes) / 1e6 / s) : "    -" }
    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    if skipped > 0 { print("\(skipped) files left out: their gzip stream is damaged") }
    if !quarantined.isEmpty { print("\(quarantined.count) files quarantined (parsed up to their fault, counted)") }
    print("format        files  MB exp    rows | inflate s  MB/s | read s  MB/s | parse s  MB/s   (CPU s of one thread, median of \(runs))")
    var total = (bytes: 0, inflate: 0.0, read: 0.0, parse: 0.0)
    for f in formats {
        let b = expanded[f]!
        let inf = median(inflateCPU[f]!), rd = median(readCPU[f]!), ps = median(parseCPU[f]!)
        total.bytes += b; total.inflate += inf; total.read += rd; total.parse += ps
        print(pad(f, 12) + String(format: " %6d %7.1f %7d | %9.3f %@ | %6.3f %@ | %7.3f %@",
                     byFormat[f]!.count, Double(b) / 1e6, rows[f]!, inf, mbps(b, inf), rd, mbps(b, rd),
                     ps, mbps(b, ps)))
    }
    print(pad("all", 12) + String(format: " %6d %7.1f         | %9.3f %@ | %6.3f %@ | %7.3f %@",
                 byFormat.values.reduce(0) { $0 + $1.count }, Double(total.bytes) / 1e6, total.inflate,
                 mbps(total.bytes, total.inflate), total.read, mbps(total.bytes, total.read),
                 total.parse, mbps(total.bytes, total.parse)))
} catch {
    FileHandle.standardError.write(Data("ParseThroughput: \(error)\n".utf8))
    exit(1)
}
