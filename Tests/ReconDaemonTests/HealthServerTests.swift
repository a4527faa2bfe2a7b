import Foundation
import ReconCore
import XCTest
import ReconDaemon
import ReconTestSupport

/// The health server over a real socket: GET and HEAD, 404 and 405, and the Prometheus text format.
final class HealthServerTests: XCTestCase {
    func testEndpointsMethodsAndFormat() throws {
        let metrics = Metrics()
        metrics.fileHandled(FileOutcome(name: "a.gz", path: "/x/a.gz", status: .ingested, rows: 12, rejectedRows: 2))
        metrics.runFinished(.init(at: "2024-01-02 03:04:05", ok: false, runID: 4, seconds: 1.5, reason: "daily 06:00",
                                  error: "disk full", findingsOpen: 0, findingsNew: 0, findingsResolved: 0))
        let server = try HealthServer(host: "127.0.0.1", port: 0, metrics: metrics)
        XCTAssertGreaterThan(server.port, 0, "port 0 binds a free port and tells it")
        server.start()
        defer { server.stop() }

        let h = try DaemonProcess.http(port: server.port, path: "/healthz")
        XCTAssertEqual(h.status, 200)
        let health = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(h.body.utf8)) as? [String: Any])
        let run = try XCTUnwrap(health["last_run"] as? [String: Any])
        XCTAssertEqual(run["result"] as? String, "failed")
        XCTAssertEqual(run["error"] as? String, "disk full")
        XCTAssertEqual(run["run_id"] as? Int, 4)

        let m = try DaemonProcess.http(port: server.port, path: "/metrics?x=1")
        XCTAssertEqual(m.status, 200)
        XCTAssertTrue(m.body.contains("recon_files_total{status=\"ingested\"} 1\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_rows_read_total 12\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_rows_rejected_total 2\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_runs_total{result=\"failed\"} 1\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_run_duration_seconds_bucket{le=\"1\"} 0\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_run_duration_seconds_bucket{le=\"2.5\"} 1\n"), m.body)
        XCTAssertTrue(m.body.contains("recon_run_duration_seconds_sum 1.5\n"), m.body)
        // Every sample belongs to a family declared with # TYPE before it.
        var declared: Set<String> = []
        for line in m.body.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") { declared.insert(String(line.split(separator: " ")[2])); continue }
            if line.hasPrefix("#") { continue }
            let name = String(line.prefix(while: { $0 != "{" && $0 != " " }))
            let family = ["_bucket", "_sum", "_count"].reduce(name) { n, s in
                n.hasSuffix(s) && declared.contains(String(n.dropLast(s.count))) ? String(n.dropLast(s.count)) : n
            }
            XCTAssertTrue(declared.contains(family), "undeclared sample \(line)")
        }

        let head = try DaemonProcess.http(port: server.port, path: "/healthz", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, "")
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/nothing").status, 404)
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/healthz", method: "POST").status, 405)
    }
}
