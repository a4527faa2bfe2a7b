import Foundation
import ReconCore

/// Turns any `Report` into one output format.
public protocol ReportRenderer {
    /// Writes the report to `path` (whole or not at all: a temporary file renamed into place; mode 0600,
    /// as reports hold ID numbers and names), or to standard output when `path` is nil.
    func write(_ report: Report, to path: String?) throws
}

/// A renderer whose output is text.
protocol TextReportRenderer: ReportRenderer {
    func render(_ report: Report) -> String
}

extension TextReportRenderer {
    public func write(_ report: Report, to path: String?) throws {
        let text = render(report)
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try PrivateFile.write(Array(text.utf8), to: path)
        } catch let e as PrivateFileError {
            throw ReportError.cannotWrite(path: path, reason: e.reason)
        }
    }
}
