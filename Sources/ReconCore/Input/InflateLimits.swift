/// Caps applied while inflating an untrusted gzip file.
///
/// Input files come from outside parties; a few kilobytes of crafted deflate data can
/// expand to gigabytes. Both an absolute cap and a ratio cap are checked as output is
/// produced, so a bomb is stopped before it is materialised.
public struct InflateLimits: Sendable, Equatable {
    /// Largest total expanded size accepted for one file (all members together).
    public var maxExpandedBytes: Int64
    /// Largest accepted ratio of expanded bytes to compressed bytes consumed so far.
    public var maxRatio: Int64
    /// The ratio is only enforced once this many bytes have been produced: small files
    /// (a header line, a file of repeated padding) legitimately compress very well.
    public var ratioGraceBytes: Int64

    /// Creates limits; the defaults are 8 GiB, a ratio of 250 and 64 MiB of grace.
    public init(
        maxExpandedBytes: Int64 = 8 << 30,
        maxRatio: Int64 = 250,
        ratioGraceBytes: Int64 = 64 << 20
    ) {
        self.maxExpandedBytes = maxExpandedBytes
        self.maxRatio = maxRatio
        self.ratioGraceBytes = ratioGraceBytes
    }

    /// 8 GiB, ratio 250, ratio enforced beyond 64 MiB of output.
    public static let `default` = InflateLimits()
}
