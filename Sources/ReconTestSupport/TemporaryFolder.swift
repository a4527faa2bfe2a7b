import Foundation

/// A folder of its own under the system's temporary directory, removed with everything in it when
/// the last reference goes (keep it in the test case, or in static state released in `tearDown`).
package final class TemporaryFolder: @unchecked Sendable {
    package let path: String

    /// Makes `…/PREFIX-UUID/`.
    package init(_ prefix: String = "recon-test") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` inside the folder.
    package func file(_ name: String) -> String { path + "/" + name }
}
