import Foundation

/// The Python the tests run their helper scripts with (openpyxl, selenium): `RECON_PYTHON`, else the
/// venv `scripts/test.sh` makes in `.build/openpyxl-venv`; nil when neither is there.
package enum TestPython {
    package static var path: String? {
        if let p = ProcessInfo.processInfo.environment["RECON_PYTHON"], !p.isEmpty { return p }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let venv = repo.appendingPathComponent(".build/openpyxl-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }
}
