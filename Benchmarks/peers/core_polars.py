#!/usr/bin/env python3
"""The core peer job in Polars (Benchmarks/e2e.sh, job d).

    python core_polars.py INBOX OUT.sqlite [--threads 2]

Same inputs, rules and output as core_duckdb.py (see its docstring): NOT_ENROLLED,
DUPLICATE_PAYMENT, PAID_AFTER_DEATH and POOLED_ACCOUNT as (code, subject) rows in the SQLite table
`findings` of OUT.sqlite. Polars reads the gzip'd CSV files itself; the thread pool is set with
POLARS_MAX_THREADS before the import. The gzip'd files are read eagerly (scan_csv does not
decompress); the rules run as one lazy query.
"""
import argparse
import glob
import os
from findings_db import write
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inbox")
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    os.environ["POLARS_MAX_THREADS"] = str(a.threads)
    import polars as pl   # after POLARS_MAX_THREADS
    assert "polars" in sys.modules

    enrollment = sorted(glob.glob(os.path.join(a.inbox, "enrollment_*.csv.gz")))[-1]   # newest file date
    deaths = sorted(glob.glob(os.path.join(a.inbox, "deaths_*.csv.gz")))
    payments = sorted(glob.glob(os.path.join(a.inbox, "corepay_*.csv.gz")))

    def read(path, columns):
        return pl.read_csv(path, infer_schema=False, columns=columns)

    def valid(col: str):
        c = pl.col(col)
        total = sum(c.str.slice(i, 1).cast(pl.Int32, strict=False) * w for i, w in enumerate(WEIGHTS))
        check = (total % 11).replace_strict({i: ch for i, ch in enumerate(CHECK)}, return_dtype=pl.String)
        birth = c.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
        return (c.str.contains(r"^[0-9]{17}[0-9X]$") & (check == c.str.slice(17, 1))
                & birth.is_not_null() & (c.str.slice(6, 4) >= "1900")).fill_null(False)

    roster = read(enrollment, ["证件号码", "险种", "户号"]).select(
        id=pl.col("证件号码").str.strip_chars().str.to_uppercase(),
        ins=pl.col("险种").replace_strict({"养老": "pension", "医疗": "medical"}, default=None),
        hh=pl.col("户号"),
    )
    death_frames = []
    for file_no, path in enumerate(deaths):
        death_frames.append(read(path, ["证件号码", "死亡日期", "通报日期"]).with_row_index("line")
                            .with_columns(file=pl.lit(file_no)))
    standing = (pl.concat(death_frames)
                .select(id=pl.col("证件号码").str.strip_chars().str.to_uppercase(),
                        death_date=pl.col("死亡日期").str.to_date("%Y-%m-%d"),
                        notice=pl.col("通报日期").str.to_date("%Y-%m-%d"), file=pl.col("file"), line=pl.col("line"))
                .sort(["notice", "file", "line"])
                .group_by("id").agg(pl.col("death_date").last()))
    # Lazy from here: Polars plans the four queries together (common subplans computed once).
    roster = roster.lazy()
    standing = standing.lazy()
    pay = (pl.concat([read(p, None).lazy() for p in payments])
           .select(txn_ref=pl.col("txn_ref").str.strip_chars(),
                   id=pl.col("id_number").str.strip_chars().str.to_uppercase(),
                   ins=pl.col("insurance").str.strip_chars(),
                   yr=pl.col("year").cast(pl.Int32),
                   amount=pl.col("amount_yuan").cast(pl.Decimal(18, 2)),
                   paid_on=pl.col("paid_at").str.slice(0, 10).str.to_date("%Y-%m-%d"),
                   payer=pl.col("payer").str.strip_chars())
           .filter((pl.col("amount") > 0) & pl.col("yr").is_between(2022, 2024) & valid("id")))

    txn = pl.lit("txn:bank:") + pl.col("txn_ref")
    not_enrolled = pay.join(roster, on=["id", "ins"], how="anti").select(code=pl.lit("NOT_ENROLLED"), subject=txn)
    duplicate = (pay.group_by(["id", "ins", "yr"]).agg(pl.len().alias("n")).filter(pl.col("n") > 1)
                 .select(code=pl.lit("DUPLICATE_PAYMENT"),
                         subject=pl.concat_str([pl.lit("person:"), pl.col("id"), pl.lit(":"), pl.col("ins"), pl.lit(":"),
                                                pl.col("yr").cast(pl.String)])))
    after_death = (pay.join(standing, on="id", how="inner").filter(pl.col("paid_on") > pl.col("death_date"))
                   .select(code=pl.lit("PAID_AFTER_DEATH"), subject=txn))
    any_row = roster.group_by("id").agg(pl.col("hh").min().alias("hh_any"))
    pooled = (pay.select(["payer", "id", "ins"])
              .join(roster, on=["id", "ins"], how="left")
              .join(any_row, on="id", how="left")
              .with_columns(hh=pl.coalesce(pl.col("hh"), pl.col("hh_any"), pl.lit("ID ") + pl.col("id")))
              .group_by("payer").agg(ids=pl.col("id").n_unique(), hhs=pl.col("hh").n_unique())
              .filter((pl.col("ids") >= 6) & (pl.col("hhs") >= 3))
              .select(code=pl.lit("POOLED_ACCOUNT"), subject=pl.lit("account:bank:") + pl.col("payer")))
    found = pl.concat([not_enrolled, duplicate, after_death, pooled])
    write(a.out, found.collect().rows())



if __name__ == "__main__":
    main()
