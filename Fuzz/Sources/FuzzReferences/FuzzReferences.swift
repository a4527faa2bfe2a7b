import FuzzSupport
import ReconCore

/// The reference lists (the first byte picks one): deaths, assistance, employee insured, disbursement.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReferences(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let names = [
        "deaths_20231105.csv.gz", "assistance_20231031.csv.gz", "employee_insured_20231015.csv.gz",
        "disbursement_20231228.csv.gz",
    ]
    guard let (name, text) = FuzzInput.split(UnsafeRawBufferPointer(start: data, count: size), names) else { return 0 }
    FuzzInput.parse(name: name, text: text)
    return 0
}

@_cdecl("FuzzReferences_main")
public func fuzzReferencesMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzzReferences)
}
