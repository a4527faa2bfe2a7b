import Foundation
import ReconCore
import ReconSynth

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One generated input file, read into memory.
public struct InputFile: Sendable {
    public var name: String
    public var format: String
    public var bytes: [UInt8]
    public var sha256: String
    /// Bytes after inflating.
    public var expandedBytes: Int
    /// Data rows (the generator's manifest).
    public var rows: Int
}

/// The benchmark inputs: a synthetic district generated once per benchmark process (the plugin
/// runs every benchmark in its own process) into a temporary folder that is removed at exit.
///
/// Scale and seed: `RECON_BENCH_SCALE` (default 0.05) and `RECON_BENCH_SEED` (default 7). The
/// generator's deliberately damaged files are left out (`damaged: false`), so every file parses
/// and the throughput figures are those of good input.
public final class Fixture: @unchecked Sendable {
    public static var scale: Double { Double(ProcessInfo.processInfo.environment["RECON_BENCH_SCALE"] ?? "") ?? 0.05 }
    public static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RECON_BENCH_SEED"] ?? "") ?? 7 }

    /// The temporary folder (inbox/, manifest.json, databases).
    public let dir: String
    /// Every recognised input file, in (file date, name) order: the order recon stores them in.
    public let files: [InputFile]

    /// The process-wide fixture, generated on first use (from a benchmark's setup hook).
    public static let shared: Fixture = {
        do { return try Fixture() } catch { fatalError("benchmark fixture: \(error)") }
    }()

    init() throws {
        var template = Array("/tmp/recon-bench.XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw FixtureError("mkdtemp failed") }
        dir = String(cString: p)
        fixtureDirectory = dir
        atexit { if let d = fixtureDirectory { try? FileManager.default.removeItem(atPath: d) } }

        let started = Date()
        let manifest = try DistrictGenerator(options: .init(scale: Fixture.scale, seed: Fixture.seed, damaged: false))
            .generate(into: dir)
        var rowsByName: [String: Int] = [:]
        for f in manifest.files { rowsByName[f.name] = f.rows }
        let inbox = dir + "/inbox"
        let registry = FormatRegistry.builtin
        var found: [(order: (String, String), file: InputFile)] = []
        for name in try Inbox.list(inbox).files {
            guard let recognised = registry.recognise(name) else { continue }
            let (format, date) = (recognised.format, recognised.date)
            let bytes = try Inbox.read(inbox + "/" + name)
            var expanded = 0
            let gz = GzipReader(compressed: bytes)
            while try gz.next({ expanded += $0.count }) {}
            found.append(((date?.description ?? "", name),
                          InputFile(name: name, format: format.name, bytes: bytes, sha256: SHA256.hexDigest(of: bytes),
                                    expandedBytes: expanded, rows: rowsByName[name] ?? 0)))
        }
        files = found.sorted { $0.order < $1.order }.map(\.file)
        let mb = Double(files.reduce(0) { $0 + $1.bytes.count }) / 1e6
        FileHandle.standardError.write(Data(String(
            format: "fixture: scale %.3f seed %llu: %d files, %.1f MB compressed, %.1f MB expanded, generated in %.1f s in %@\n",
            Fixture.scale, Fixture.seed, files.count, mb, Double(totalExpandedBytes) / 1e6,
            Date().timeIntervalSince(started), dir).utf8))
        // Per format, so that a pass's malloc count can be read per file and per row.
        var lines: [String] = []
        for name in Fixture.formats {
            let fs = files.filter { $0.format == name }
            lines.append("\(name) \(fs.count) files/\(fs.reduce(0) { $0 + $1.rows }) rows")
        }
        FileHandle.standardError.write(Data(("fixture: " + lines.joined(separator: ", ") + "\n").utf8))
    }

    public var totalExpandedBytes: Int { files.reduce(0) { $0 + $1.expandedBytes } }

    /// Files of one format (`wechat`, `enrollment`, …).
    public func files(format: String) -> [InputFile] { files.filter { $0.format == format } }

    /// The formats present, in the built-in registry's order.
    public static let formats = FormatRegistry.builtin.formats.map(\.name)

    /// A file's inflated text.
    public static func expandedText(_ file: InputFile) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(file.expandedBytes)
        let gz = GzipReader(compressed: file.bytes)
        do { while try gz.next({ text.append(contentsOf: $0) }) {} } catch { fatalError("\(file.name): \(error)") }
        return text
    }

    /// Every file read and parsed by `FileReader` (what the single writer receives).
    public static let parsed: [ParsedFile] = {
        let reader = FileReader()
        return Fixture.shared.files.map { reader.read(name: $0.name, bytes: $0.bytes, sha256: $0.sha256) }
    }()

    /// Rows the parsed files bring (payments, ledger and reference rows).
    public static let parsedRows: Int = parsed.reduce(0) { n, f in
        if case .content(let c) = f.outcome { return n + c.count }
        return n
    }

    /// A database filled with every parsed file (made once; read-only use afterwards).
    public static let filledDatabase: String = {
        let path = Fixture.shared.dir + "/filled.sqlite"
        do {
            let store = try Store(path: path)
            let writer = try StoreWriter(store: store)
            for f in parsed { try writer.write(f, receivedAt: "2024-01-10 06:00:00", runID: nil) }
        } catch { fatalError("benchmark fixture: filling \(path): \(error)") }
        return path
    }()

    /// A fresh path for a scratch database in the fixture folder.
    public func scratchDatabase(_ tag: String) -> String {
        scratchCounter += 1
        return dir + "/\(tag)-\(scratchCounter).sqlite"
    }
    private var scratchCounter = 0

    /// Removes a database file and its WAL/SHM companions.
    public static func removeDatabase(_ path: String) {
        for p in [path, path + "-wal", path + "-shm"] { unlink(p) }
    }

    /// ID numbers as they arrive, packed in one buffer: the first field of every enrollment and
    /// deaths line, plus variants FORMATS.md says to normalise (lower-case x, surrounding spaces,
    /// full-width digits, 15-digit legacy numbers) and some invalid ones (wrong check character).
    public static let rawIDs: (bytes: [UInt8], ranges: [Range<Int>]) = {
        var fields: [[UInt8]] = []
        for f in Fixture.shared.files where f.format == "enrollment" || f.format == "deaths" {
            for line in expandedText(f).split(separator: 0x0A).dropFirst() {
                fields.append(Array(line.prefix { $0 != 0x2C }))
            }
        }
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for (i, id) in fields.enumerated() {
            var v = id
            switch i % 20 {
            case 1 where v.last == 0x58: v[v.count - 1] = 0x78                       // lower-case x
            case 2: v = Array(" ".utf8) + v + Array("\u{3000}".utf8)                 // spaces
            case 3: v = v.flatMap { $0 >= 0x30 && $0 <= 0x39 ? [0xEF, 0xBC, 0x90 + $0 - 0x30] : [$0] }  // full-width
            case 4 where v.count == 18 && v[6] == 0x31 && v[7] == 0x39:              // 15-digit legacy
                v = Array(v[0..<6]) + Array(v[8..<17])
            case 5 where v.count == 18: v[17] = v[17] == 0x30 ? 0x31 : 0x30          // wrong check character
            default: break
            }
            let start = bytes.count
            bytes.append(contentsOf: v)
            ranges.append(start..<bytes.count)
        }
        return (bytes, ranges)
    }()
}

nonisolated(unsafe) private var fixtureDirectory: String?

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
