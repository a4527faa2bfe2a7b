/// Hands freed heap pages back to the system between the big phases of a run.
///
/// glibc keeps one malloc arena per thread group; the parse threads free a year's parsed rows into
/// their arenas, and the reconcile that follows (on other threads) would otherwise stack its own
/// peak on top of pages nobody uses any more.
enum MemoryTrim {
    static func now() {
        #if os(Linux)
        _ = recon_malloc_trim(0)
        #endif
    }
}

#if os(Linux)
@_silgen_name("malloc_trim")
private func recon_malloc_trim(_ pad: Int) -> Int32
#endif
