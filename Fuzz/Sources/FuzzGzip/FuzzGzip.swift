import FuzzSupport
import ReconCore

/// Arbitrary bytes as a compressed ledger file: gzip header, deflate data, members, padding, caps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    FuzzInput.read(name: "jinsan_ledger_20231231.csv.gz", compressed: bytes)
    return 0
}

@_cdecl("FuzzGzip_main")
public func fuzzGzipMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzGzip)
}
