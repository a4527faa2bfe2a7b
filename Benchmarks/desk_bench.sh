#!/usr/bin/env bash
# Benchmarks/desk_bench.sh — the review desk under load.
#
#   Benchmarks/desk_bench.sh [--no-build] [--keep] [--seconds N]
#
#   (a) the findings list at ~580k findings: the scale-1.0 demo's statements without the roster and the
#       ledger (every payment NOT_ENROLLED and NOT_IN_TAX_LEDGER), `recon-report serve`, an auditor's
#       session, `wrk -t1 -c1 --latency` on the first page, filtered, sorted and deep pages: p50 / p99;
#   (b) the daemon's run over the scale-1.0 demo inbox with and without 20 concurrent page loads on the
#       desk it serves (`web =`), wall seconds of the run from its log.
# Needs: swift (release build into ../.build-release), wrk and curl (Debian), sqlite3.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); repo=$(dirname "$here")
BUILD=1 KEEP=0 SECONDS_EACH=10
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) BUILD=0; shift ;; --keep) KEEP=1; shift ;; --seconds) SECONDS_EACH=$2; shift 2 ;;
        *) echo "desk_bench.sh: unknown option $1" >&2; exit 64 ;;
    esac
done
bin="$repo/.build-release/release"
if [ "$BUILD" = 1 ]; then swift build -c release --package-path "$repo" --build-path "$repo/.build-release" >&2; fi
WORK=$(mktemp -d /tmp/recon-desk-bench.XXXXXX)
cleanup() { pkill -f "recon-report serve --db $WORK" 2>/dev/null || true; [ "$KEEP" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT

login() {  # login PORT -> prints the session cookie value
    local jar="$WORK/jar.$1" page token
    page=$(curl -s -c "$jar" "http://127.0.0.1:$1/login")
    token=$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$page" | cut -d'"' -f4)
    curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf=$token" --data-urlencode "username=bench" \
        --data-urlencode "password=bench password" "http://127.0.0.1:$1/login"
    awk '$6 == "recon_session" { print $7 }' "$jar"
}

echo "== (a) the findings list" >&2
"$bin/recond" demo --scale 1.0 --seed 9 --out "$WORK/demo" >/dev/null 2>&1
mkdir "$WORK/statements"
for f in "$WORK"/demo/inbox/*; do
    case "$(basename "$f")" in enrollment_*|jinsan_ledger_*) ;; *) ln "$f" "$WORK/statements/" ;; esac
done
"$bin/recond" run --once --inbox "$WORK/statements" --db "$WORK/list.sqlite" 2>&1 | tail -1 >&2
findings=$(sqlite3 "$WORK/list.sqlite" "select count(*) from findings")
printf 'bench password\n' | "$bin/recond" user add bench --role auditor --db "$WORK/list.sqlite" --password-file - 2>/dev/null
"$bin/recon-report" serve --db "$WORK/list.sqlite" --listen 127.0.0.1:18431 >"$WORK/serve.log" 2>&1 &
sleep 2
session=$(login 18431)
printf '| page (%s findings) | p50 | p99 | requests |\n|---|---|---|---|\n' "$findings"
for q in "" "?severity=medium&page=100" "?code=NOT_ENROLLED&page=3000" "?status=open&review_state=new&page=2" "?page=5000" \
         "?sort=amount&page=5000" "?sort=recent&code=NOT_ENROLLED&page=3000" "?village=370406001001&channel=wechat" \
         "?text=370406196&from=2020-01-01&to=2099-12-31"; do
    out=$(wrk -t1 -c1 -d"${SECONDS_EACH}s" --latency -H "Cookie: recon_session=$session" "http://127.0.0.1:18431/findings$q")
    p50=$(awk '/ 50%/ {print $2}' <<<"$out"); p99=$(awk '/ 99%/ {print $2}' <<<"$out")
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    printf '| `/findings%s` | %s | %s | %s |\n' "$q" "$p50" "$p99" "$n"
done
pkill -f "recon-report serve --db $WORK" || true

echo "== (b) the daemon's run with and without page loads" >&2
printf '| the daemon over the scale-1.0 inbox | files in to reconciled, s | the run (log), s |\n|---|---|---|\n'
for load in 0 20; do
    d="$WORK/daemon$load"; mkdir -p "$d/inbox"
    cat >"$d/recond.toml" <<TOML
inbox = "inbox"
archive = "archive"
quarantine = "quarantine"
database = "recon.sqlite"
listen = "127.0.0.1:0"
web = "127.0.0.1:$((18500 + load))"
poll_seconds = 0.2
settle_seconds = 1
TOML
    "$bin/recond" run --config "$d/recond.toml" 2>"$d/log" &
    pid=$!
    sleep 2
    printf 'bench password\n' | "$bin/recond" user add bench --role auditor --db "$d/recon.sqlite" --password-file - 2>/dev/null
    grep -q "reconciled" "$d/log" || sleep 2
    session=$(login $((18500 + load)))
    t0=$(date +%s.%N)
    cp "$WORK"/demo/inbox/* "$d/inbox/"
    if [ "$load" -gt 0 ]; then
        wrk -t2 -c"$load" -d120s -H "Cookie: recon_session=$session" "http://127.0.0.1:$((18500 + load))/findings" >"$d/wrk" 2>&1 &
        wrkpid=$!
    fi
    for _ in $(seq 1 600); do
        [ "$(grep -c 'reconciled' "$d/log")" -ge 2 ] && break
        sleep 0.5
    done
    t1=$(date +%s.%N)
    [ "$load" -gt 0 ] && kill "$wrkpid" 2>/dev/null || true
    seconds=$(grep 'reconciled' "$d/log" | tail -1 | grep -o 'seconds=[0-9.]*' | cut -d= -f2)
    ingest=$(grep -c 'file ingested' "$d/log")
    printf '| %s concurrent page loads (%s files) | %.1f | %s |\n' "$load" "$ingest" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$seconds"
    kill -TERM "$pid"; wait "$pid" || true
done
