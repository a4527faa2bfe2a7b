#if canImport(Glibc)
import Glibc
#endif

/// A process-wide cap on the size of files written, to make a disk look full.
package enum FileSizeLimit {
    /// Runs `body` with RLIMIT_FSIZE at `bytes` and SIGXFSZ ignored (writes past it fail with EFBIG).
    package static func with(bytes: Int, _ body: () throws -> Void) throws {
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var limit = old
        limit.rlim_cur = rlim_t(bytes)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
            signal(SIGXFSZ, oldHandler)
        }
        try body()
    }
}
