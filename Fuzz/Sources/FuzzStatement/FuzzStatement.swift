import FuzzSupport
import ReconCore

/// The five statement layouts (the first byte picks one), decompressed text as input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatement(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let names = [
        "wx_1612345678_20231230.csv.gz",
        "2088631234567890_20231230_业务明细.csv.gz",
        "INN23112188ZM_898370448160001.gz",
        "ccbpos_105370455110001_20231231.txt.gz",
        "bank_402_2023123001_hp.txt.gz",
    ]
    guard let (name, text) = FuzzInput.split(UnsafeRawBufferPointer(start: data, count: size), names) else { return 0 }
    FuzzInput.parse(name: name, text: text)
    return 0
}

@_cdecl("FuzzStatement_main")
public func fuzzStatementMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzStatement)
}
