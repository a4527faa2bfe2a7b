import FuzzSupport
import ReconCore
import TOML

/// recond's configuration: the TOML parser, then the configuration's checks (formats, policies).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    guard let table = try? TOMLParser.parse(utf8: bytes) else { return 0 }
    _ = try? Configuration.parse(table, base: "/nonexistent")
    return 0
}

@_cdecl("FuzzConfig_main")
public func fuzzConfigMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzConfig)
}
