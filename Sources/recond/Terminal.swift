import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing to the operator: summaries on stderr, progress only when stderr is a terminal.
enum Terminal {
    static let isInteractive = isatty(2) == 1

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A progress line that rewrites itself; nothing when not on a terminal.
    static func progress(_ done: Int, _ total: Int, _ what: String) {
        guard isInteractive else { return }
        let text = "\r\u{1B}[K[\(done)/\(total)] \(what)"
        FileHandle.standardError.write(Data(text.utf8))
        if done == total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
