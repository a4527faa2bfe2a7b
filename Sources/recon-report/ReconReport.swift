import ArgumentParser
import Foundation
import ReconCore

/// `recon-report`: what the tax office, the audit bureau and finance read, and the review workflow.
@main
struct ReconReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recon-report",
        abstract: "Reports over a recon database, and the audit bureau's review decisions.",
        subcommands: [FindingsCommand.self, ReviewCommand.self]
    )
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, xlsx
}

/// Opens the database for reading; a missing file is an error, not a new empty database.
func openForReading(_ path: String) throws -> Connection {
    guard FileManager.default.fileExists(atPath: path) else {
        throw ValidationError("no database at \(path)")
    }
    return try Connection(path: path, readOnly: true)
}

func writeOut(_ text: String, to path: String?) throws {
    if let path {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } else {
        print(text)
    }
}
