"""Writes the peers' findings where peers/compare.py reads them: table `findings(code, subject)` of a
fresh SQLite file (Python's sqlite3; shared by core_duckdb.py and core_polars.py)."""
import os
import sqlite3


def write(path: str, rows) -> None:
    for p in (path, path + "-wal", path + "-shm", path + "-journal"):
        if os.path.exists(p):
            os.remove(p)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE findings (code TEXT NOT NULL, subject TEXT NOT NULL, PRIMARY KEY (code, subject))")
    db.executemany("INSERT INTO findings (code, subject) VALUES (?, ?)", rows)
    db.commit()
    db.close()
