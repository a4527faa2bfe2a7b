#!/usr/bin/env python3
"""Generate the inputs of the core peer benchmark (Benchmarks/e2e.sh, job d).

    python3 make_core.py OUT_DIR [--seed 1] [--persons 230000] [--pay-rate 0.945]

writes OUT_DIR/inbox/:

  enrollment_20231231.csv.gz   420,000 roster rows (FORMATS.md enrollment layout): 230,000 persons,
                               all with a medical row, 190,000 also with a pension row, in households
                               of 1-5 persons; everyone aged 16-59 in 2022-2024, 正常, not a student
  deaths_20231231.csv.gz       ~5,900 death notices (FORMATS.md deaths layout), some IDs notified twice
                               with a corrected 死亡日期 (the later 通报日期 stands)
  corepay_{1..4}_20231231.csv.gz  ~1.2M payments in a plain CSV layout,
                               txn_ref,id_number,insurance,year,amount_yuan,paid_at,payer
                               (recon reads it as a declared format: core.toml), coverage years
                               2022-2024, each paid inside its collection window

and OUT_DIR/expected_counts.json (what was planted, for orientation only: the check is that recon,
DuckDB and Polars agree with each other).

What is planted, for the four codes of the core job (RULES.md):
  NOT_ENROLLED       payments by valid IDs outside the roster, and pension payments by medical-only
                     persons (enrolled otherwise)
  DUPLICATE_PAYMENT  a second payment for (ID, insurance, year)
  PAID_AFTER_DEATH   payments dated after the standing 死亡日期 (and some on the death day: no finding)
  POOLED_ACCOUNT     agent accounts paying for 6-20 IDs of >= 3 households; near misses with 6+ IDs
                     from 2 households and 5 IDs from 5 households
plus payments with an invalid ID (wrong check character: judged by none of the four) and IDs with
a lower-case x (normalised to X). Nothing else of RULES.md is meant to fire except INVALID_ID
(recon runs with --as-of before the payments so the gated ledger rules wait; there is no ledger).

Deterministic for a seed; pure standard library.
"""
import argparse
import datetime as dt
import gzip
import json
import os
import random

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
TIERS = [350, 500, 800, 1000, 3000, 5000, 8000]
TIER_WEIGHTS = [30, 30, 15, 10, 8, 5, 2]
YEARS = [2022, 2023, 2024]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强淑珍玉梅海燕凤英桂芳秀珍丽娟子涵浩然欣怡雨轩俊杰"


def check_char(body17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(body17, WEIGHTS)) % 11]


def ts(d: dt.datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--persons", type=int, default=230_000)
    ap.add_argument("--pension-persons", type=int, default=190_000)
    ap.add_argument("--outsiders", type=int, default=12_000)
    ap.add_argument("--pay-rate", type=float, default=0.945)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    inbox = os.path.join(a.out, "inbox")
    os.makedirs(inbox, exist_ok=True)

    # --- IDs: region + birth date (1966-01-02 .. 2005-12-31: aged 16-59 on 2022-01-01 .. 2024-01-01) + sequence.
    first_birth = dt.date(1966, 1, 2).toordinal()
    last_birth = dt.date(2005, 12, 31).toordinal()
    regions = ["370406", "370402", "370403", "370404"]
    seen: set = set()

    def new_id() -> str:
        while True:
            b = dt.date.fromordinal(rnd.randint(first_birth, last_birth))
            body = f"{rnd.choice(regions)}{b.year:04d}{b.month:02d}{b.day:02d}{rnd.randint(0, 999):03d}"
            if body not in seen:
                seen.add(body)
                return body + check_char(body)

    n = a.persons
    ids = [new_id() for _ in range(n)]
    outsiders = [new_id() for _ in range(a.outsiders)]
    has_pension = [False] * n
    for i in rnd.sample(range(n), a.pension_persons):
        has_pension[i] = True
    tier = [rnd.choices(TIERS, TIER_WEIGHTS)[0] for _ in range(n)]

    # --- Households of 1-5 consecutive persons, each in one village of one town.
    household = [""] * n
    village = [""] * n
    members: list = []          # household index -> person indexes
    i = 0
    while i < n:
        size = min(n - i, rnd.choices([1, 2, 3, 4, 5], [15, 30, 25, 20, 10])[0])
        town = f"370406{rnd.randint(101, 112):03d}"
        vil = f"{town}{rnd.randint(1, 30):03d}"
        h = f"{vil}{len(members):07d}"
        members.append(list(range(i, i + size)))
        for k in range(i, i + size):
            household[k] = h
            village[k] = vil
        i += size

    # --- Payer accounts: a family account (60 % of households) or each person's own.
    counter = [0]

    def account() -> str:
        counter[0] += 1
        return f"6222{counter[0]:012d}"

    payer = [""] * n
    for m in members:
        if rnd.random() < 0.6:
            acct = account()
            for k in m:
                payer[k] = acct
        else:
            for k in m:
                payer[k] = account()
    expected = {"pooled_accounts": 0, "near_miss_two_households": 0, "near_miss_five_ids": 0}
    hh_order = list(range(len(members)))
    rnd.shuffle(hh_order)
    pos = 0
    # Agents: one account paying for 6-20 persons drawn from >= 3 households.
    for _ in range(400):
        acct = account()
        want = rnd.randint(6, 20)
        got = 0
        used = 0
        while got < want or used < 3:
            for k in members[hh_order[pos]]:
                payer[k] = acct
                got += 1
            pos += 1
            used += 1
        expected["pooled_accounts"] += 1
    # Near miss: 6+ IDs from exactly 2 households of >= 3 persons each.
    made = 0
    while made < 150:
        pair = []
        while len(pair) < 2:
            h = hh_order[pos]
            pos += 1
            if len(members[h]) >= 3:
                pair.append(h)
        acct = account()
        for h in pair:
            for k in members[h]:
                payer[k] = acct
        made += 1
        expected["near_miss_two_households"] += 1
    # Near miss: 5 IDs from 5 households (one person of each).
    for _ in range(150):
        acct = account()
        for _ in range(5):
            payer[members[hh_order[pos]][0]] = acct
            pos += 1
        expected["near_miss_five_ids"] += 1

    # --- Enrollment (the current roster).
    def name() -> str:
        return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))

    names = [name() for _ in range(n)]
    lines = ["证件号码,姓名,性别,出生日期,户号,乡镇代码,村居代码,村居名称,险种,参保状态,户籍类型,在校学生,缴费档次,登记日期"]
    for k in range(n):
        idn = ids[k]
        sex = "男" if int(idn[16]) % 2 == 1 else "女"
        birth = f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}"
        common = f"{idn},{names[k]},{sex},{birth},{household[k]},{village[k][:9]},{village[k]},第{village[k][-3:]}村"
        reg = f"20{rnd.randint(10, 20)}-0{rnd.randint(1, 9)}-{rnd.randint(10, 28)}"
        if has_pension[k]:
            lines.append(f"{common},养老,正常,本区户籍,否,{tier[k]},{reg}")
        lines.append(f"{common},医疗,正常,本区户籍,否,,{reg}")
    write(inbox, "enrollment_20231231.csv.gz", lines)
    enrollment_rows = len(lines) - 1

    # --- Deaths: notices for roster persons and outsiders; some notified twice (the later notice stands).
    death: dict = {}            # id -> standing death date
    dlines = ["证件号码,姓名,死亡日期,信息来源,通报日期"]
    first_death = dt.date(2020, 6, 1).toordinal()
    last_death = dt.date(2023, 12, 15).toordinal()
    dead = rnd.sample(range(n), 5000)
    notices = []
    for k in dead:
        notices.append((ids[k], names[k]))
    for idn in rnd.sample(outsiders, 500):
        notices.append((idn, name()))
    for _ in range(400):        # IDs that never pay
        notices.append((new_id(), name()))
    twice = set(rnd.sample(range(len(notices)), 400))
    for j, (idn, nm) in enumerate(notices):
        d = dt.date.fromordinal(rnd.randint(first_death, last_death))
        notice = d + dt.timedelta(days=rnd.randint(5, 60))
        dlines.append(f"{idn},{nm},{d.isoformat()},{rnd.choice(['公安', '民政', '卫健'])},{notice.isoformat()}")
        death[idn] = d
        if j in twice:
            d2 = d + dt.timedelta(days=rnd.randint(-60, 60))
            notice2 = notice + dt.timedelta(days=rnd.randint(10, 100))
            dlines.append(f"{idn},{nm},{d2.isoformat()},民政,{notice2.isoformat()}")
            death[idn] = d2
    # Lines in random order: "latest 通报日期 wins" must not depend on the line order.
    body = dlines[1:]
    rnd.shuffle(body)
    write(inbox, "deaths_20231231.csv.gz", dlines[:1] + body)

    # --- Payments, coverage years 2022-2024, each inside its window ((Y-1)-10-01 .. (Y-1)-12-31).
    pays = []
    ref = [0]
    windows = {y: (dt.datetime(y - 1, 10, 1), int((dt.datetime(y - 1, 12, 31, 23, 59, 59) - dt.datetime(y - 1, 10, 1)).total_seconds()))
               for y in YEARS}

    def pay(y: int, idn: str, ins: str, amount: int, acct: str, when: dt.datetime = None) -> None:
        ref[0] += 1
        if when is None:
            start, span = windows[y]
            when = start + dt.timedelta(seconds=rnd.randint(0, span))
        if idn.endswith("X") and rnd.random() < 0.2:
            idn = idn[:-1] + "x"
        pays.append(f"CP{y}{ref[0]:09d},{idn},{ins},{y},{amount}.00,{ts(when)},{acct}")

    counts = {"duplicates": 0, "not_enrolled": 0, "invalid_id": 0, "death_day": 0}
    for y in YEARS:
        start, span = windows[y]
        end = start + dt.timedelta(seconds=span)
        for k in range(n):
            idn = ids[k]
            d = death.get(idn)
            rate = a.pay_rate if d is None or d >= end.date() else 0.03
            for ins, amount, enrolled in (("pension", tier[k], has_pension[k]), ("medical", 380, True)):
                if not enrolled:
                    if rnd.random() < 0.03:      # a medical-only person paying pension: NOT_ENROLLED
                        pay(y, idn, ins, 500, payer[k])
                        counts["not_enrolled"] += 1
                    continue
                if rnd.random() >= rate:
                    continue
                if d is not None and start.date() <= d <= end.date() and rnd.random() < 0.1:
                    pay(y, idn, ins, amount, payer[k], dt.datetime(d.year, d.month, d.day, 10, 0, 0))
                    counts["death_day"] += 1
                else:
                    pay(y, idn, ins, amount, payer[k])
                if rnd.random() < 0.004:         # paid twice: DUPLICATE_PAYMENT
                    pay(y, idn, ins, amount, payer[k] if rnd.random() < 0.5 else account())
                    counts["duplicates"] += 1
        for idn in outsiders:                    # not on the roster: NOT_ENROLLED
            if rnd.random() < 0.5:
                ins = rnd.choice(["pension", "medical"])
                pay(y, idn, ins, 500 if ins == "pension" else 380, account())
                counts["not_enrolled"] += 1
        for _ in range(300):                     # invalid ID: wrong check character
            idn = ids[rnd.randrange(n)]
            bad = CHECK[(CHECK.index(idn[17]) + 1) % 11]
            pay(y, idn[:17] + bad, "medical", 380, account())
            counts["invalid_id"] += 1
    rnd.shuffle(pays)
    header = "txn_ref,id_number,insurance,year,amount_yuan,paid_at,payer"
    q = (len(pays) + 3) // 4
    for f in range(4):
        write(inbox, f"corepay_{f + 1}_20231231.csv.gz", [header] + pays[f * q:(f + 1) * q])

    summary = {"enrollment_rows": enrollment_rows, "death_notices": len(dlines) - 1, "payments": len(pays),
               **expected, **counts}
    with open(os.path.join(a.out, "expected_counts.json"), "w") as fh:
        json.dump(summary, fh, indent=1, sort_keys=True)
    print(json.dumps(summary, sort_keys=True))


def write(folder: str, name: str, lines: list) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(gzip.compress(data, compresslevel=6, mtime=0))


if __name__ == "__main__":
    main()
