/// One report as data: what a `recon-report` subcommand shows, independent of the format it is
/// rendered in (`TableRenderer`, `CSVRenderer`, `JSONRenderer`, `HTMLRenderer`, `XLSXRenderer`).
public struct Report: Sendable {
    /// Machine name (`nightly`, `balance`, …): the JSON `report` key.
    public var name: String
    /// The title readers see (Chinese).
    public var title: String
    /// Lines under the title: the parameters and the database the figures come from.
    public var notes: [String]
    public var sections: [ReportSection]

    public init(name: String, title: String, notes: [String] = [], sections: [ReportSection]) {
        self.name = name; self.title = title; self.notes = notes; self.sections = sections
    }

    /// The section with this key.
    public subscript(key: String) -> ReportSection? { sections.first { $0.key == key } }
}
