/// One person's insurance year: the key of the `person:{id18}:{insurance}:{year}` subject.
struct PersonYear: Hashable, Sendable {
    /// `JoinedView.key(body, insurance)`.
    var key: UInt64
    var year: Int

    init(body: UInt64, insurance: Insurance, year: Int) {
        key = JoinedView.key(body, insurance)
        self.year = year
    }

    var body: UInt64 { key >> 1 }
    var insurance: Insurance { key & 1 == 1 ? .medical : .pension }
}
