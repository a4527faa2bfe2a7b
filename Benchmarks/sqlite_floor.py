#!/usr/bin/env python3
"""SQLite's own floor for a recon database: how long SQLite alone needs to build the same tables.

    Benchmarks/sqlite_floor.py DB [--runs N]

Copies every table of DB into a new file with `INSERT … SELECT` from the attached database — no
parsing, no binding — in each table's key order, the secondary indexes built after the rows, in two
settings: `journal_mode=OFF, synchronous=OFF` (a side file renamed into place after an fsync, the
bulk path's floor) and WAL with `synchronous=NORMAL` (what an ordinary transaction pays). Prints the
median seconds of N runs of each (default 3) and the rows copied. Uses Python's sqlite3 module,
which links the same system SQLite as recon.
"""
import argparse, os, sqlite3, statistics, tempfile, time

def schema(src):
    c = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    rows = c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                     "AND name NOT LIKE 'sqlite_%'").fetchall()
    keys = {}
    for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        pk = [r[1] for r in sorted(c.execute(f"PRAGMA table_info('{t}')"), key=lambda r: r[5]) if r[5] > 0]
        without_rowid = "WITHOUT ROWID" in (c.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0] or "").upper()
        keys[t] = pk if (pk and (without_rowid or len(pk) > 1)) else ["rowid"]
    counts = {t: c.execute(f"SELECT count(*) FROM '{t}'").fetchone()[0] for t in keys}
    c.close()
    return rows, keys, counts

def copy(src, rows, keys, wal):
    d = tempfile.mkdtemp(prefix="recon-floor-", dir=os.path.dirname(os.path.abspath(src)))
    dst = os.path.join(d, "floor.sqlite")
    start = time.perf_counter()
    c = sqlite3.connect(dst, isolation_level=None)
    if wal:
        c.execute("PRAGMA journal_mode=WAL"); c.execute("PRAGMA synchronous=NORMAL")
    else:
        c.execute("PRAGMA journal_mode=OFF"); c.execute("PRAGMA synchronous=OFF")
    c.execute("PRAGMA cache_size=-102400")
    c.execute("ATTACH ? AS src", (src,))
    c.execute("BEGIN")
    for typ, name, tbl, sql in rows:
        if typ == "table": c.execute(sql)
    for typ, name, tbl, sql in rows:
        if typ == "table":
            order = ", ".join(keys[name])
            c.execute(f"INSERT INTO main.'{name}' SELECT * FROM src.'{name}' ORDER BY {order}")
    for typ, name, tbl, sql in rows:
        if typ in ("index", "view", "trigger"): c.execute(sql)
    c.execute("COMMIT")
    c.execute("DETACH src")
    c.close()
    fd = os.open(dst, os.O_RDONLY); os.fsync(fd); os.close(fd)
    seconds = time.perf_counter() - start
    for f in os.listdir(d): os.remove(os.path.join(d, f))
    os.rmdir(d)
    return seconds

def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("db"); p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    rows, keys, counts = schema(a.db)
    total = sum(counts.values())
    for wal in (False, True):
        times = [copy(a.db, rows, keys, wal) for _ in range(a.runs)]
        label = "WAL, synchronous=NORMAL" if wal else "journal off, side file"
        print(f"sqlite floor ({label}): {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}), {total:,} rows in {len(counts)} tables")

if __name__ == "__main__":
    main()
