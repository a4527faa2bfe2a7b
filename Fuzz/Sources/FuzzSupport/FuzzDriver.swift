/// libFuzzer's driver, entered from the target's own `main`.
///
/// SwiftPM links a debug executable with `--defsym main=TARGET_main` (so tests can link it); with
/// `-parse-as-library` no such function exists, so each target defines `TARGET_main` itself and
/// hands over to libFuzzer here (`-sanitize=fuzzer` links `LLVMFuzzerRunDriver`).
public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: FuzzCallback) -> Int32

/// Runs libFuzzer with the process's arguments and `callback` as the fuzz target.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: FuzzCallback) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
