#!/usr/bin/env python3
"""Compare the core job's findings of recon and its peers (Benchmarks/e2e.sh, job d).

    python3 compare.py RECON.sqlite NAME=PEER.sqlite [NAME=PEER.sqlite ...]

Reads the open findings of the four core codes from recon's findings_v1 view and the (code,
subject) rows of each peer's `findings` table; prints per-code counts and, for each peer, whether
its set equals recon's (with a few examples of each difference). Exits 1 when any set differs.
"""
import sqlite3
import sys

CODES = ("NOT_ENROLLED", "DUPLICATE_PAYMENT", "PAID_AFTER_DEATH", "POOLED_ACCOUNT")


def load(path: str, recon: bool) -> set:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    marks = ",".join("?" * len(CODES))
    if recon:
        q = f"SELECT code, subject FROM findings_v1 WHERE status = 'open' AND code IN ({marks})"
    else:
        q = f"SELECT code, subject FROM findings WHERE code IN ({marks})"
    rows = set(db.execute(q, CODES).fetchall())
    db.close()
    return rows


def main() -> int:
    recon = load(sys.argv[1], True)
    peers = [(a.split("=", 1)[0], load(a.split("=", 1)[1], False)) for a in sys.argv[2:]]
    names = ["recon"] + [n for n, _ in peers]
    sets = [recon] + [s for _, s in peers]
    print("core findings   " + "".join(f"{n:>10}" for n in names))
    for code in CODES:
        print(f"{code:<16}" + "".join(f"{sum(1 for c, _ in s if c == code):>10}" for s in sets))
    ok = True
    for name, s in peers:
        if s == recon:
            print(f"{name}: same (code, subject) set as recon ({len(s)} findings)")
            continue
        ok = False
        only_recon, only_peer = sorted(recon - s), sorted(s - recon)
        print(f"{name}: DIFFERS from recon: {len(only_recon)} only in recon, {len(only_peer)} only in {name}")
        for r in only_recon[:5]:
            print(f"  only recon: {r}")
        for r in only_peer[:5]:
            print(f"  only {name}: {r}")
    print("core findings agree: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
