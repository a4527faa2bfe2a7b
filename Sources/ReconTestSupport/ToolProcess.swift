import Foundation

/// Runs one of the package's executables (or any program) as a real process, to its end.
package enum ToolProcess {
    package struct Result {
        package var status: Int32
        package var outBytes: [UInt8]
        package var err: String
        package var out: String { String(decoding: outBytes, as: UTF8.self) }
    }

    /// The `recond` executable built beside the test bundle.
    package static var recond: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("recond").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "recond"
    }

    /// The built executable `name` (`recond`, `recon-report`), beside `recond`.
    package static func path(_ name: String) -> String {
        URL(fileURLWithPath: recond).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Runs `recond` with `args` to its end: exit status and stderr.
    package static func recond(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let r = try run(recond, args)
        return (r.status, r.err)
    }

    /// Runs `executable` with `args`; stdout and stderr are drained side by side, so a chatty process
    /// can never block on a full pipe.
    /// `input`, when given, is written to its stdin (from another thread) and stdin closed.
    /// `environment`, when given, is added to this process's.
    package static func run(_ executable: String, _ args: [String], input: [UInt8]? = nil,
                            environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        p.standardOutput = out
        p.standardError = err
        if input != nil { p.standardInput = inPipe }
        try p.run()
        if let input {
            Thread {
                inPipe.fileHandleForWriting.write(Data(input))
                try? inPipe.fileHandleForWriting.close()
            }.start()
        }
        let errData = Drained()
        let drained = DispatchSemaphore(value: 0)
        Thread {
            errData.data = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, outBytes: [UInt8](o),
                      err: String(decoding: errData.data, as: UTF8.self))
    }
}

/// What the stderr thread read; handed over through the semaphore, so never shared while written.
private final class Drained: @unchecked Sendable {
    package var data = Data()
}
