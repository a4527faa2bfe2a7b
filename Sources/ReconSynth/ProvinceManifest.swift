/// What a generated province holds: its counties (each folder with its own inbox and manifest) and
/// the cross-county findings that must be open after every county pushed and the city reconciled.
public struct ProvinceManifest: Codable, Sendable, Equatable {
    public struct County: Codable, Sendable, Equatable {
        public var code: String
        /// The county's folder, relative to the province's.
        public var folder: String
        public var seed: UInt64
    }

    public struct Finding: Codable, Sendable, Hashable {
        public var code: String
        public var subject: String
        /// The counties involved, sorted, comma-separated.
        public var counties: String
        /// Why it is there: the link planted on purpose, or "UNPLANNED" for a chance overlap.
        public var note: String
    }

    /// A situation planted on purpose that must open nothing of `code` whose subject starts with `subject`.
    public struct NearMiss: Codable, Sendable, Hashable {
        public var code: String
        public var subject: String
        public var note: String
    }

    public var seed: UInt64
    public var scale: Double
    public var counties: [County]
    public var findings: [Finding]
    public var nearMisses: [NearMiss]
}
