#!/usr/bin/env python3
"""The core peer job in DuckDB (Benchmarks/e2e.sh, job d).

    python core_duckdb.py INBOX OUT.sqlite [--threads 2]

Reads INBOX/enrollment_*.csv.gz (the newest is the current roster), INBOX/deaths_*.csv.gz and
INBOX/corepay_*.csv.gz (txn_ref,id_number,insurance,year,amount_yuan,paid_at,payer; channel bank),
computes four findings as RULES.md defines them and writes (code, subject) rows to the SQLite table
`findings` of OUT.sqlite:

  NOT_ENROLLED       txn:bank:{txn_ref}          valid ID, no roster row for (ID, insurance)
  DUPLICATE_PAYMENT  person:{id}:{ins}:{year}    > 1 effective (personal) payment for (ID, insurance, year)
  PAID_AFTER_DEATH   txn:bank:{txn_ref}          payment date after the standing 死亡日期
                                                 (latest 通报日期 wins; then the later line)
  POOLED_ACCOUNT     account:bank:{payer}        >= 6 distinct valid IDs from >= 3 households
                                                 (household: roster row for the payment's insurance,
                                                 else any roster row of the ID, else the ID alone)

Only effective payments (amount > 0; the data has no reversals) with a valid ID (after trimming
and upper-casing: 17 digits + the MOD 11-2 check character, a real birth date >= 1900) of a year
with a policy (2022-2024: core.toml) are judged. Transaction references are unique in the data, so
no first-sighting de-duplication is done. Writing uses Python's sqlite3 (DuckDB's sqlite extension
would have to be downloaded).
"""
import argparse
import glob
import os
from findings_db import write

import duckdb

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def valid(col: str) -> str:
    total = " + ".join(f"(ascii(substr({col}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(WEIGHTS))
    return (f"(CASE WHEN regexp_full_match({col}, '[0-9]{{17}}[0-9X]') "
            f"THEN substr('10X98765432', (({total}) % 11) + 1, 1) = substr({col}, 18, 1) "
            f"AND try_strptime(substr({col}, 7, 8), '%Y%m%d') IS NOT NULL AND substr({col}, 7, 4) >= '1900' "
            f"ELSE false END)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inbox")
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    enrollment = sorted(glob.glob(os.path.join(a.inbox, "enrollment_*.csv.gz")))[-1]   # newest file date
    deaths = sorted(glob.glob(os.path.join(a.inbox, "deaths_*.csv.gz")))
    payments = sorted(glob.glob(os.path.join(a.inbox, "corepay_*.csv.gz")))

    def csv(paths) -> str:
        ps = ", ".join("'" + p.replace("'", "''") + "'" for p in (paths if isinstance(paths, list) else [paths]))
        return f"read_csv([{ps}], header = true, all_varchar = true, delim = ',', quote = '\"', filename = true)"

    con.execute(f"""
        CREATE TABLE roster AS
        SELECT upper(trim("证件号码")) AS id,
               CASE "险种" WHEN '养老' THEN 'pension' WHEN '医疗' THEN 'medical' END AS ins,
               "户号" AS hh
        FROM {csv(enrollment)}""")
    con.execute(f"""
        CREATE TABLE deaths AS
        SELECT id, arg_max(death_date, (notice, filename, line)) AS death_date FROM (
            SELECT upper(trim("证件号码")) AS id, CAST("死亡日期" AS DATE) AS death_date,
                   CAST("通报日期" AS DATE) AS notice, filename, row_number() OVER () AS line
            FROM {csv(deaths)})
        GROUP BY id""")
    con.execute(f"""
        CREATE TABLE pay AS
        SELECT txn_ref, id, ins, yr, paid_at, payer FROM (
            SELECT trim(txn_ref) AS txn_ref, upper(trim(id_number)) AS id, trim(insurance) AS ins,
                   CAST(year AS INTEGER) AS yr, CAST(amount_yuan AS DECIMAL(18, 2)) AS amount,
                   CAST(paid_at AS TIMESTAMP) AS paid_at, trim(payer) AS payer
            FROM {csv(payments)})
        WHERE amount > 0 AND yr BETWEEN 2022 AND 2024 AND {valid('id')}""")
    rows = con.execute("""
        SELECT 'NOT_ENROLLED', 'txn:bank:' || p.txn_ref
        FROM pay p ANTI JOIN roster r ON r.id = p.id AND r.ins = p.ins
        UNION ALL
        SELECT 'DUPLICATE_PAYMENT', 'person:' || id || ':' || ins || ':' || yr
        FROM pay GROUP BY id, ins, yr HAVING count(*) > 1
        UNION ALL
        SELECT 'PAID_AFTER_DEATH', 'txn:bank:' || p.txn_ref
        FROM pay p JOIN deaths d ON d.id = p.id WHERE CAST(p.paid_at AS DATE) > d.death_date
        UNION ALL
        SELECT 'POOLED_ACCOUNT', 'account:bank:' || payer FROM (
            SELECT p.payer, p.id, coalesce(r1.hh, r2.hh, 'ID ' || p.id) AS hh
            FROM pay p
            LEFT JOIN roster r1 ON r1.id = p.id AND r1.ins = p.ins
            LEFT JOIN (SELECT id, min(hh) AS hh FROM roster GROUP BY id) r2 ON r2.id = p.id)
        GROUP BY payer HAVING count(DISTINCT id) >= 6 AND count(DISTINCT hh) >= 3
        """).fetchall()
    write(a.out, rows)



if __name__ == "__main__":
    main()
