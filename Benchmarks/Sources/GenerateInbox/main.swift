// GenerateInbox: writes a synthetic district (ReconSynth.DistrictGenerator) without reconciling it,
// for Benchmarks/e2e.sh (`recond demo` would also reconcile, which is minutes of waste at scale 10).
//
//   GenerateInbox --scale 1.0 --seed 1 --out DIR     # DIR/inbox/*.gz and DIR/manifest.json
import Foundation
import ReconSynth

var scale = 1.0
var seed: UInt64 = 1
var out: String?
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--scale": scale = Double(args.popFirst() ?? "") ?? .nan
    case "--seed": seed = UInt64(args.popFirst() ?? "") ?? 1
    case "--out": out = args.popFirst()
    default: out = nil; scale = .nan
    }
}
guard let out, scale > 0, scale <= 100 else {
    FileHandle.standardError.write(Data("usage: GenerateInbox --scale F --seed N --out DIR\n".utf8))
    exit(2)
}
let started = Date()
do {
    let manifest = try DistrictGenerator(options: .init(scale: scale, seed: seed)).generate(into: out)
    print(String(format: "generated %d files, %d payments (scale %.2f, seed %llu) in %.1f s into %@",
                 manifest.files.count, manifest.payments, scale, seed, Date().timeIntervalSince(started), out))
} catch {
    FileHandle.standardError.write(Data("GenerateInbox: \(error)\n".utf8))
    exit(1)
}
