#!/usr/bin/env bash
# Rough speed of the central store on this machine, on a throwaway PostgreSQL (scripts/pg.sh,
# default server settings: shared_buffers 128MB, fsync on).
#   1. a push of 1,000,000 payments as a county role with push_begin.sql / push_merge.sql: COPY
#      into a temporary stage (COPY FROM into the table itself is refused under RLS), then the
#      merge through row-level security; the same push again (nothing written); one with 0.1%
#      of the rows changed; for comparison, the owner's COPY straight into a partition.
#   2. recon_reconcile over 3 counties × 300,000 payments, 300,000 roster rows and 3,000 death
#      records each, with overlaps between neighbouring counties; first run (every finding new)
#      and a second run (nothing changes).
# Usage: sql/central/bench.sh [PAYMENTS=1000000] [PER_COUNTY=300000]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$root/scripts/pg.sh"
N=${1:-1000000}
M=${2:-300000}

pg_start
trap pg_stop EXIT

owner() { PGPASSWORD="$(cat "$RECON_PG_PASSWORD_FILE")" psql "$RECON_PG_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
county() {
    local code=$1; shift
    PGPASSWORD="$(cat "$RECON_PG_DIR/county_$code.pass")" \
        psql "postgresql://recon_$code@127.0.0.1:$RECON_PG_PORT/recon" -X -q -At -v ON_ERROR_STOP=1 "$@"
}
ms() { grep -o 'Time: [0-9.]* ms' | awk '{print $2}'; }   # the \timing lines, in ms
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.2f s, %.0f rows/s", ms / 1000, n / (ms / 1000) }'; }

for f in "$here"/[0-9][0-9][0-9]_*.sql; do owner -1 -f "$f"; done
for c in 370406 370402 370481; do
    (umask 077; head -c 48 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | head -c 24 >"$RECON_PG_DIR/county_$c.pass")
    owner -o /dev/null -v code=$c -v pwfile="$RECON_PG_DIR/county_$c.pass" <<'SQL'
\set pw `cat :'pwfile'`
SELECT recon_add_county(:'code', :'pw');
SQL
done

echo "== 1. push of $N payments as recon_370406"
csv=$RECON_PG_DIR/payments.csv
owner -c "\\copy (SELECT '370406', CASE WHEN i % 10 = 0 THEN 'gov' ELSE 'wechat' END, 'T' || i, 'payment', NULL,
                        '370406' || lpad((i % 700000)::text, 12, '0'), 1, CASE WHEN i % 2 = 0 THEN 'pension' ELSE 'medical' END,
                        2026, 10000 + (i % 7) * 5000, timestamp '2025-10-01 08:00' + (i % 7776000) * interval '1 second',
                        'oUser' || (i % 500000), NULL, 'wx_' || (i % 90) || '.csv.gz', i, 1
                 FROM generate_series(1, $N) AS i) TO '$csv' WITH (FORMAT csv)"
echo "csv: $(du -h "$csv" | cut -f1), $(wc -l <"$csv") rows"

# push STEP-SQL: as recon_370406, the push protocol with the CSV as stage_payments; prints the
# seconds of the COPY, of push_merge.sql and of the commit, and the merge's counts.
push() {
    county 370406 -F ' ' 2>&1 <<SQL
BEGIN;
\\i $here/push_begin.sql
SELECT 'T0', extract(epoch FROM clock_timestamp());
\\copy stage_payments FROM '$csv' WITH (FORMAT csv)
SELECT 'T1', extract(epoch FROM clock_timestamp());
${1:-}
\\i $here/push_merge.sql
SELECT 'T2', extract(epoch FROM clock_timestamp());
COMMIT;
SELECT 'T3', extract(epoch FROM clock_timestamp());
SQL
}
report() {  # report WHAT OUTPUT
    awk -v what="$1" -v n="$N" '$1 == "T0" {t0 = $2} $1 == "T1" {t1 = $2} $1 == "T2" {t2 = $2} $1 == "T3" {t3 = $2}
        END { printf "%-34s COPY %.2f s (%.0f rows/s), merge %.2f s, commit %.2f s: %.2f s in all, %.0f rows/s\n",
                     what, t1 - t0, n / (t1 - t0), t2 - t1, t3 - t2, t3 - t0, n / (t3 - t0) }' <<<"$2"
}
report "first push (all rows new):" "$(push)"
report "the same push again (no change):" "$(push)"
report "a push with 0.1% of rows changed:" "$(push "UPDATE stage_payments SET amount_fen = amount_fen + 1 WHERE source_line % 1000 = 0;")"
echo "rows: $(owner -c "SELECT count(*) || ' payments, ' || count(*) FILTER (WHERE source_line % 1000 = 0 AND amount_fen % 5000 = 1) || ' changed'
                       FROM county_payments WHERE county = '370406'")"
echo "COPY into county_payments itself: $(county 370406 -c "COPY county_payments FROM STDIN" </dev/null 2>&1 | head -1)"

out=$(owner 2>&1 <<SQL
\\timing on
\\copy county_payments_370402 FROM '$csv' WITH (FORMAT csv)
SQL
) || true
if grep -q 'violates partition constraint' <<<"$out"; then
    sed -i 's/^370406,/370402,/' "$csv"
    out=$(owner 2>&1 <<SQL
\\timing on
\\copy county_payments_370402 FROM '$csv' WITH (FORMAT csv)
SQL
)
fi
t=($(ms <<<"$out"))
echo "for comparison, owner COPY straight into a partition: $(rate "$N" "${t[0]}")"
owner -c "TRUNCATE county_payments"   # the reconcile below starts from clean tables

echo "== 2. reconcile, 3 counties × $M payments (overlaps of 1% between neighbours)"
# Person k lives in county k / M (0, 1, 2); persons of the last 1% of a county's range also pay
# and are enrolled in the next county; of those, a third are registered dead there.
owner <<SQL
INSERT INTO county_payments
SELECT c.code, CASE WHEN k % 10 = 0 THEN 'gov' ELSE 'wechat' END, 'T' || c.code || '-' || k, 'payment', NULL,
       '37' || lpad(k::text, 16, '0'), 1, 'pension', 2026, 30000,
       timestamp '2025-10-01 08:00' + (k % 80) * interval '1 day', 'u' || k, NULL, 'f.csv.gz', k, 1
FROM (VALUES (0, '370406'), (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M, c.n * $M + $M - 1) AS k;
INSERT INTO county_payments
SELECT c.code, 'alipay', 'A' || c.code || '-' || k, 'payment', NULL, '37' || lpad(k::text, 16, '0'), 1, 'pension', 2026, 30000,
       timestamp '2025-12-20 08:00', NULL, NULL, 'g.csv.gz', k, 1
FROM (VALUES (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M - $M / 100, c.n * $M - 1) AS k;
INSERT INTO county_roster
SELECT c.code, '37' || lpad(k::text, 16, '0'), 1, 'pension', '某', 'H' || k / 3, c.code || '001', c.code || '001001', '正常'
FROM (VALUES (0, '370406'), (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M, c.n * $M + $M - 1) AS k;
INSERT INTO county_roster
SELECT c.code, '37' || lpad(k::text, 16, '0'), 1, 'pension', '某', 'X' || k, c.code || '002', c.code || '002001',
       CASE WHEN k % 2 = 0 THEN '正常' ELSE '终止' END
FROM (VALUES (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M - $M / 100, c.n * $M - 1) AS k;
INSERT INTO county_deaths
SELECT c.code, '37' || lpad(k::text, 16, '0'), 1, date '2025-11-01', date '2025-11-15'
FROM (VALUES (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M - $M / 100, c.n * $M - 1, 3) AS k;
INSERT INTO county_deaths
SELECT c.code, '37' || lpad(k::text, 16, '0'), 1, date '2025-06-01', date '2025-06-15'
FROM (VALUES (0, '370406'), (1, '370402'), (2, '370481')) AS c(n, code),
     generate_series(c.n * $M, c.n * $M + $M - 1, 100) AS k;
VACUUM ANALYZE county_payments, county_roster, county_deaths;
SQL
echo "rows: $(owner -c "SELECT (SELECT count(*) FROM county_payments) || ' payments, ' || (SELECT count(*) FROM county_roster)
                             || ' roster rows, ' || (SELECT count(*) FROM county_deaths) || ' death records'")"
for run in first second third; do
    s=$(date +%s.%N)
    r=$(owner -F ' ' -f "$here/reconcile.sql")
    e=$(date +%s.%N)
    echo "$run reconcile: $(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.2f s", e - s}') (found new reopened resolved open: $r)"
done
owner -c "SELECT code, count(*) FROM central_findings GROUP BY code ORDER BY code" | sed 's/^/  /'
