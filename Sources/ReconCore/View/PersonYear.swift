/// One person's insurance year: the key of the `person:{id18}:{insurance}:{year}` subject.
public struct PersonYear: Hashable, Sendable {
    /// `JoinedView.key(body, insurance)`.
    public var key: UInt64
    public var year: Int

    public init(body: UInt64, insurance: Insurance, year: Int) {
        key = JoinedView.key(body, insurance)
        self.year = year
    }

    public var body: UInt64 { key >> 1 }
    public var insurance: Insurance { key & 1 == 1 ? .medical : .pension }
}
