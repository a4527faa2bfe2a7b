#!/usr/bin/env bash
# Benchmarks/province_bench.sh — a province on this machine: N generated neighbouring counties
# (`recond demo --counties N --scale S`, each reconciled), pushed one after the other to a throwaway
# PostgreSQL (scripts/pg.sh) as their own roles, then reconciled centrally. Prints a Markdown table:
# generation and first runs, each push (rows/s), the reconcile, a second push of an unchanged county,
# the database's size, peak memory of the pushes, of the reconcile's server process and of the
# whole server, and whether the central findings equal the province manifest's.
#
#   Benchmarks/province_bench.sh [--counties 20] [--scale 0.5] [--no-build] [--keep]
# Needs: swift (release build into ../.build-release), PostgreSQL 15 server binaries, GNU time.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); repo=$(dirname "$here")
N=20 SCALE=0.5 BUILD=1 KEEP=0
while [ $# -gt 0 ]; do
    case "$1" in
        --counties) N=$2; shift 2 ;; --scale) SCALE=$2; shift 2 ;; --no-build) BUILD=0; shift ;; --keep) KEEP=1; shift ;;
        *) echo "province_bench.sh: unknown option $1" >&2; exit 64 ;;
    esac
done
bin="$repo/.build-release/release"
if [ "$BUILD" = 1 ]; then swift build -c release --package-path "$repo" --build-path "$repo/.build-release" >&2; fi
# shellcheck source=scripts/pg.sh
source "$repo/scripts/pg.sh"
pg_start >&2
WORK=$(mktemp -d /tmp/recon-province.XXXXXX)
cleanup() { [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null; pg_stop; [ "$KEEP" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
owner=(--url "$RECON_PG_URL" --password-file "$RECON_PG_PASSWORD_FILE")
peak() { awk '/Maximum resident set size/ {printf "%.0f", $6 / 1024}' "$1"; }
# The server's total resident memory, sampled every 0.2 s (MB, the largest seen).
( max=0; while true; do
      now=$(ps -u postgres -o rss= | awk '{s += $1} END {printf "%d", s / 1024}')
      [ "$now" -gt "$max" ] && max=$now && echo "$max" > "$WORK/server_peak"
      sleep 0.2
  done ) & sampler=$!

t0=$(date +%s.%N)
/usr/bin/time -v "$bin/recond" demo --counties "$N" --scale "$SCALE" --seed 11 --out "$WORK/p" >"$WORK/demo.out" 2>"$WORK/demo.err"
t1=$(date +%s.%N)
"$bin/recon-central" migrate "${owner[@]}" >&2
codes=$(python3 -c "import json; print(' '.join(c['code'] for c in json.load(open('$WORK/p/province.json'))['counties']))")
printf '| step | seconds | rows | rows/s | peak RSS MB |\n|---|---|---|---|---|\n'
printf '| generate %s counties at scale %s and reconcile each (recond demo) | %.1f | | | %s |\n' "$N" "$SCALE" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$(peak "$WORK/demo.err")"
total_rows=0 total_s=0
for c in $codes; do
    d="$WORK/p/$c"
    printf 'county %s password\n' "$c" >"$d/central.pass"; chmod 600 "$d/central.pass"
    "$bin/recon-central" county add "$c" "${owner[@]}" --role-password-file "$d/central.pass" >/dev/null
    url=${RECON_PG_URL/recon_owner@/recon_$c@}
    printf 'inbox = "inbox"\ndatabase = "recon.sqlite"\n[central]\nurl = "%s"\npassword_file = "central.pass"\ncounty = "%s"\n' "$url" "$c" >"$d/recond.toml"
    s0=$(date +%s.%N)
    /usr/bin/time -v "$bin/recond" push --config "$d/recond.toml" 2>"$d/push.err"
    s1=$(date +%s.%N)
    rows=$(grep -o 'pushed (push [0-9]*): [0-9]* files, [0-9]* payments, [0-9]* roster rows, [0-9]* deaths, [0-9]* findings, [0-9]* reviews' "$d/push.err" \
        | grep -o '[0-9]* [a-z]' | awk '{s += $1} END {print s}')
    secs=$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')
    total_rows=$((total_rows + rows)); total_s=$(awk -v a="$total_s" -v b="$secs" 'BEGIN { print a + b }')
    printf '| push %s (first) | %.2f | %s | %.0f | %s |\n' "$c" "$secs" "$rows" "$(awk -v r="$rows" -v s="$secs" 'BEGIN { print r / s }')" "$(peak "$d/push.err")"
done
printf '| all first pushes | %.1f | %s | %.0f | |\n' "$total_s" "$total_rows" "$(awk -v r="$total_rows" -v s="$total_s" 'BEGIN { print r / s }')"
first=${codes%% *}
s0=$(date +%s.%N); "$bin/recond" push --config "$WORK/p/$first/recond.toml" 2>/dev/null; s1=$(date +%s.%N)
printf '| push %s again (unchanged) | %.2f | | | |\n' "$first" "$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')"
r0=$(date +%s.%N)
/usr/bin/time -v "$bin/recon-central" reconcile "${owner[@]}" >"$WORK/reconcile.out" 2>"$WORK/reconcile.err"
r1=$(date +%s.%N)
printf '| reconcile (%s) | %.2f | | | client %s |\n' "$(cat "$WORK/reconcile.out")" "$(awk -v a="$r0" -v b="$r1" 'BEGIN { print b - a }')" "$(peak "$WORK/reconcile.err")"
PGPASSWORD=$(cat "$RECON_PG_PASSWORD_FILE") psql -X -At "$RECON_PG_URL" -c \
    "SELECT 'database size: ' || pg_size_pretty(pg_database_size('recon')) || '; payments ' || (SELECT count(*) FROM county_payments) || ', roster rows ' || (SELECT count(*) FROM county_roster) || ', findings ' || (SELECT count(*) FROM county_findings)"
echo "PostgreSQL processes' resident memory, largest total seen: $(cat "$WORK/server_peak" 2>/dev/null) MB"
"$bin/recon-central" findings "${owner[@]}" --format json >"$WORK/central.json"
python3 - "$WORK/p/province.json" "$WORK/central.json" <<'PY'
import json, sys
expected = {(f["code"], f["subject"]) for f in json.load(open(sys.argv[1]))["findings"]}
found = {(f["code"], f["subject"]) for f in json.load(open(sys.argv[2]))}
tp = len(expected & found)
print(f"central findings {len(found)}, manifest {len(expected)}: precision {tp / max(1, len(found)):.3f}, recall {tp / max(1, len(expected)):.3f}")
PY
