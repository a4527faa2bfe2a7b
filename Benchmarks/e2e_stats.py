#!/usr/bin/env python3
"""Summaries of /usr/bin/time -v files for Benchmarks/e2e.sh.

    e2e_stats.py one TIMES_DIR JOB          one line: median wall (min–max), median peak RSS
    e2e_stats.py table TIMES_DIR NIGHT      the table of every job found, with ratios and targets

TIMES_DIR holds JOB.RUN files written by `/usr/bin/time -v -o`.
"""
import glob
import os
import re
import statistics
import sys


def parse(path: str):
    text = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    parts = [float(p) for p in m.group(1).split(":")]
    wall = 0.0
    for p in parts:
        wall = wall * 60 + p
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return wall, rss / 1024.0


def job(times: str, name: str):
    runs = [parse(p) for p in sorted(glob.glob(os.path.join(times, name + ".*")))]
    if not runs:
        return None
    walls = [w for w, _ in runs]
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "rss": statistics.median(r for _, r in runs), "rss_max": max(r for _, r in runs), "n": len(runs)}


def one(times: str, name: str) -> str:
    j = job(times, name)
    return f"{j['median']:.2f} s median ({j['min']:.2f}–{j['max']:.2f}, {j['n']} runs), peak RSS {j['rss']:.0f} MiB"


def table(times: str, night: str) -> None:
    jobs = {n: job(times, n) for n in
            ["floor_s1", "a", "b", "b0", "floor_s10", "c", "floor_core", "duckdb_core", "polars_core", "recon_core"]}
    peers = [jobs[p] for p in ("duckdb_core", "polars_core") if jobs[p]]
    faster = min(peers, key=lambda j: j["median"]) if peers else None
    faster_name = "DuckDB" if faster is jobs["duckdb_core"] else "Polars"
    rows = [
        ("floor_s1", "(e) floor: zlib inflate, scale-1.0 inbox, 2 threads", None, None, ""),
        ("a", "(a) recon run --once, scale 1.0, empty db", "floor_s1", None, ""),
        ("b", f"(b) recon run --once, night {night}, filled db", None, "a", "(a)"),
        ("b0", f"(b) the same night, its view snapshot removed", None, "b", "(b)"),
        ("floor_s10", "(e) floor: zlib inflate, scale-10 inbox, 2 threads", None, None, ""),
        ("c", "(c) recon run --once, scale 10, empty db", "floor_s10", "a", "(a)"),
        ("floor_core", "(e) floor: zlib inflate, core inputs, 2 threads", None, None, ""),
        ("duckdb_core", "(d) core job: DuckDB, 2 threads", "floor_core", None, ""),
        ("polars_core", "(d) core job: Polars, 2 threads", "floor_core", None, ""),
        ("recon_core", "(d) core job: recon (declared format)", "floor_core", "faster", f"faster peer ({faster_name})"),
    ]
    # × floor: wall / the decompression floor of the same inputs; × ref: wall / the reference job's.
    head = ("job", "wall s (median)", "min–max", "peak RSS MiB", "× floor", "× ref", "reference")
    out = []
    for key, label, floor, ref, ref_label in rows:
        j = jobs[key]
        if not j:
            continue
        f = jobs.get(floor) if floor else None
        r = faster if ref == "faster" else (jobs.get(ref) if ref else None)
        out.append((label, f"{j['median']:.2f}", f"{j['min']:.2f}–{j['max']:.2f}", f"{j['rss']:.0f}",
                    f"{j['median'] / f['median']:.1f}" if f else "—",
                    f"{j['median'] / r['median']:.2f}" if r else "—", ref_label or "—"))
    widths = [max(len(str(row[i])) for row in [head] + out) for i in range(len(head))]
    def line(row):
        return "  ".join(str(c).ljust(widths[i]) if i in (0, 6) else str(c).rjust(widths[i])
                         for i, c in enumerate(row)).rstrip()
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for row in out:
        print(line(row))
    print()
    print("targets (issue 16):")
    def check(ok, text):
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    def mb(j):
        return j["rss"] * 2**20 / 1e6
    a, b, c = jobs["a"], jobs["b"], jobs["c"]
    if a:
        check(a["median"] <= 2.0, f"(a) scale 1.0 ≤ 2.0 s wall: {a['median']:.2f} s")
        check(mb(a) <= 300, f"(a) scale 1.0 ≤ 300 MB peak RSS: {mb(a):.0f} MB")
    if b:
        check(b["median"] <= 0.5, f"(b) one more night ≤ 0.5 s (run --once): {b['median']:.2f} s")
    if c and a:
        check(c["median"] <= 10 * a["median"], f"(c) scale 10 ≤ 10 × scale 1: {c['median'] / a['median']:.1f} ×")
        check(mb(c) <= 2000, f"(c) scale 10 ≤ 2 GB peak RSS: {mb(c) / 1000:.2f} GB")
    rc = jobs["recon_core"]
    if rc and faster:
        check(rc["median"] <= faster["median"],
              f"(d) recon ≤ 1.0 × the faster peer: {rc['median'] / faster['median']:.2f} × {faster_name}")
        check(mb(rc) <= 450, f"(d) recon ≤ 450 MB peak RSS: {mb(rc):.0f} MB")

if __name__ == "__main__":
    if sys.argv[1] == "one":
        print(one(sys.argv[2], sys.argv[3]))
    else:
        table(sys.argv[2], sys.argv[3])
