import FuzzSupport
import ReconCore

/// The enrollment roster, decompressed text as input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoster(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzInput.parse(name: "enrollment_20240120.csv.gz", text: UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("FuzzRoster_main")
public func fuzzRosterMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzRoster)
}
