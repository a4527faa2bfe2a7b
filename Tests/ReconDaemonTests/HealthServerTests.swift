import Foundation
import ReconCore
import XCTest
@testable import ReconDaemon
import ReconTestSupport

/// The health server over a real socket: GET and HEAD, 404 and 405, and the Prometheus text format.
final class HealthServerTests: XCTestCase {
    func testEndpointsMethodsAndFormat() throws {
        let metrics = Metrics()
        metrics.fileHandled(FileOutcome(name: "a.gz", path: "/x/a.gz", status: .ingested, rows: 12, rejectedRows: 2))
        metrics.runFinished(.init(at: Date(timeIntervalSince1970: 1_704_135_845), ok: false, runID: 4, seconds: 1.5, reason: "daily 06:00",
                                  error: "disk full", findingsOpen: 0, findingsNew: 0, findingsResolved: 0))
        let server = try HealthServer(host: "127.0.0.1", port: 0, metrics: metrics)
        XCTAssertGreaterThan(server.port, 0, "port 0 binds a free port and tells it")
        server.start()
        defer { server.stop() }

        // The last run failed: not healthy, and the body says why and when (RFC 3339, with the offset).
        let h = try DaemonProcess.http(port: server.port, path: "/healthz")
        XCTAssertEqual(h.status, 503)
        let health = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(h.body.utf8)) as? [String: Any])
        XCTAssertEqual(health["status"] as? String, "last_run_failed")
        XCTAssertEqual(health["version"] as? String, ReconVersion.string)
        let run = try XCTUnwrap(health["last_run"] as? [String: Any])
        XCTAssertEqual(run["at"] as? String, "2024-01-02T03:04:05.000+08:00")
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
        XCTAssertEqual(head.status, 503)
        XCTAssertEqual(head.body, "")
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/nothing").status, 404)
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/healthz", method: "POST").status, 405)
    }

    func testHealthSaysStalledWhenTheLoopMakesNoProgressAndReadyOnlyAfterTheFirstRun() throws {
        let metrics = Metrics(stallSeconds: 60)
        metrics.beat(now: 1000)
        XCTAssertEqual(metrics.health(now: 1059), .ok)
        XCTAssertEqual(metrics.health(now: 1061), .stalled)
        XCTAssertFalse(metrics.healthResponse(now: 1061).healthy)
        XCTAssertTrue(metrics.healthResponse(now: 1061).body.contains("\"status\":\"stalled\""))
        // A stall outranks a good last run; a failed run after a good one is unhealthy again.
        let good = Metrics.LastRun(at: Date(), ok: true, runID: 1, seconds: 1, reason: "start", error: nil,
                                   findingsOpen: 0, findingsNew: 0, findingsResolved: 0)
        metrics.runFinished(good)
        XCTAssertEqual(metrics.health(now: 1061), .stalled)
        metrics.beat(now: 2000)
        XCTAssertEqual(metrics.health(now: 2001), .ok)
        let bad = Metrics.LastRun(at: Date(), ok: false, runID: 2, seconds: 1, reason: "daily", error: "disk full",
                              findingsOpen: 0, findingsNew: 0, findingsResolved: 0)
        metrics.runFinished(bad)
        XCTAssertEqual(metrics.health(now: 2001), .lastRunFailed)

        // /readyz: 503 until a run has succeeded since the start.
        let fresh = Metrics()
        let server = try HealthServer(host: "127.0.0.1", port: 0, metrics: fresh)
        server.start()
        defer { server.stop() }
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/readyz").status, 503)
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/healthz").status, 200)
        fresh.runFinished(good)
        XCTAssertEqual(try DaemonProcess.http(port: server.port, path: "/readyz").status, 200)

        // The metrics a Prometheus user expects, and no home-made `recon_up`.
        let m = try DaemonProcess.http(port: server.port, path: "/metrics").body
        for family in ["recon_build_info{version=\"\(ReconVersion.string)\"} 1", "process_start_time_seconds ",
                       "process_resident_memory_bytes ", "recon_last_success_timestamp_seconds ",
                       "recon_seconds_since_progress "] {
            XCTAssertTrue(m.contains("\n" + family), family)
        }
        XCTAssertFalse(m.contains("recon_up"), m)
        let success = m.split(separator: "\n").first { $0.hasPrefix("recon_last_success_timestamp_seconds ") }
        XCTAssertEqual(Double(success?.split(separator: " ").last ?? "") ?? 0, Date().timeIntervalSince1970, accuracy: 5)
    }

    func testSlowAndOversizedClientsCannotStarveHealth() throws {
        let server = try HealthServer(host: "127.0.0.1", port: 0, metrics: Metrics())
        server.start()
        defer { server.stop() }
        // 300 connections that send half a request line and then nothing.
        var idle: [Int32] = []
        defer { for fd in idle { close(fd) } }
        for _ in 0..<300 {
            let fd = try DaemonProcess.connect(port: server.port)
            _ = send(fd, "GET /heal", 9, Int32(MSG_NOSIGNAL))
            idle.append(fd)
        }
        let started = Date()
        let h = try DaemonProcess.http(port: server.port, path: "/healthz")
        XCTAssertEqual(h.status, 200)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0, "health answered behind 300 slow clients")
        // A 2 MB request head is refused, not answered.
        let huge = Array("GET /healthz HTTP/1.1\r\nX-Fill: ".utf8) + [UInt8](repeating: 0x61, count: 2 << 20) + Array("\r\n\r\n".utf8)
        XCTAssertEqual(try DaemonProcess.exchange(port: server.port, request: huge).status, 431)
        // A client that never finishes its head is told so and let go.
        let slow = try DaemonProcess.connect(port: server.port)
        defer { close(slow) }
        _ = send(slow, "GET /healthz HTTP/1.1\r\n", 24, Int32(MSG_NOSIGNAL))
        var buf = [UInt8](repeating: 0, count: 512)
        let n = recv(slow, &buf, buf.count, 0)
        XCTAssertTrue(String(decoding: buf[0..<max(0, n)], as: UTF8.self).hasPrefix("HTTP/1.1 408"))
    }
}
