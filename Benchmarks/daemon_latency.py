#!/usr/bin/env python3
"""Benchmarks/daemon_latency.py — how fast /healthz and /metrics answer while recond ingests.

    python3 Benchmarks/daemon_latency.py RECOND INBOX [--interval 0.02] [--keep]

Starts `RECOND run --config` on an empty work folder (/tmp/recon-latency.XXXX), copies every file of
INBOX (e.g. the inbox of `recond demo --scale 1.0 --out DIR`) into its inbox at once, and while the
daemon ingests and reconciles GETs /healthz and /metrics in turn every --interval seconds over
loopback, one connection per request. Stops when the inbox is empty and the burst is reconciled,
sends SIGTERM, and prints the median, 99th percentile and maximum latency of each endpoint per
phase (ingesting, reconciling), the ingest wall time and how long the SIGTERM took to exit.
"""
import argparse, http.client, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("recond"); ap.add_argument("inbox")
ap.add_argument("--interval", type=float, default=0.02); ap.add_argument("--keep", action="store_true")
a = ap.parse_args()

work = tempfile.mkdtemp(prefix="recon-latency.")
os.makedirs(work + "/inbox")
with open(work + "/recond.toml", "w") as f:
    f.write('inbox = "inbox"\narchive = "archive"\nquarantine = "quarantine"\ndatabase = "recon.sqlite"\n'
            'listen = "127.0.0.1:0"\nsettle_seconds = 2\n')
log = open(work + "/recond.log", "w+")
p = subprocess.Popen([a.recond, "run", "--config", work + "/recond.toml"], stderr=log, stdout=subprocess.DEVNULL)
port = None
for _ in range(600):
    log.seek(0); m = re.search(r"listen=127\.0\.0\.1:(\d+)", log.read())
    if m: port = int(m.group(1)); break
    time.sleep(0.05)
assert port, "recond did not start"

def get(path):
    t0 = time.perf_counter()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path); r = c.getresponse(); body = r.read(); c.close()
    return time.perf_counter() - t0, r.status, body

# Wait for the start's own reconciliation, then deliver everything at once.
while True:
    _, _, b = get("/healthz")
    if json.loads(b)["last_run"]: break
    time.sleep(0.1)
names = sorted(os.listdir(a.inbox))
t_copy = time.time()
for n in names:
    shutil.copyfile(os.path.join(a.inbox, n), os.path.join(work, "inbox", n + ".part"))
    os.rename(os.path.join(work, "inbox", n + ".part"), os.path.join(work, "inbox", n))
samples = {}   # (endpoint, phase) -> [seconds]
first_ingest = None
end = None
i = 0
while True:
    path = "/healthz" if i % 2 == 0 else "/metrics"
    dt, status, body = get(path)
    assert status == 200, status
    h = json.loads(get("/healthz")[2]) if path == "/metrics" else json.loads(body)
    phase = h["phase"]
    if phase == "ingesting" and first_ingest is None: first_ingest = time.time()
    if phase in ("ingesting", "reconciling"):
        samples.setdefault((path, phase), []).append(dt)
    if first_ingest and not os.listdir(work + "/inbox") and not h["reconcile_pending"] and phase == "idle":
        end = time.time(); break
    i += 1
    time.sleep(a.interval)
run = h["last_run"]
t_term = time.perf_counter(); p.send_signal(signal.SIGTERM); rc = p.wait(timeout=60); t_term = time.perf_counter() - t_term

print(f"{len(names)} files; from delivery to reconciled {end - t_copy:.1f} s; last run {run['duration_ms']} ms "
      f"({run['findings_open']} findings open); SIGTERM to exit {t_term * 1000:.0f} ms (exit {rc})")
print(f"{'endpoint':10} {'phase':12} {'n':>6} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
for (path, phase), xs in sorted(samples.items()):
    xs.sort()
    p99 = xs[min(len(xs) - 1, int(len(xs) * 0.99))]
    print(f"{path:10} {phase:12} {len(xs):6d} {statistics.median(xs) * 1000:10.2f} {p99 * 1000:8.2f} {max(xs) * 1000:8.2f}")
if a.keep: print("work folder:", work)
else: shutil.rmtree(work)
