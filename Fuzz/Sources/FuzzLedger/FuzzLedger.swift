import FuzzSupport
import ReconCore

/// The tax ledger (金三 CSV), decompressed text as input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLedger(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzInput.parse(name: "jinsan_ledger_20231231.csv.gz", text: UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("FuzzLedger_main")
public func fuzzLedgerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzLedger)
}
