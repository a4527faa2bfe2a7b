#!/usr/bin/env bash
# Benchmarks/e2e.sh — recon's end-to-end benchmark, everything side by side in one run.
#
#   Benchmarks/e2e.sh [--runs N] [--scale10] [--runs10 N] [--seed N] [--night YYYY-MM-DD]
#                     [--no-build] [--keep] [--venv DIR] [--fresh-venv]
#
# What it does, in order:
#   build   recond (release, ../.build-release) and GenerateInbox (this package, .build-bench);
#           inflate_floor (peers/inflate_floor.c, gcc + zlib)
#   (a)     `recond run --once` over the scale-1.0 demo inbox (GenerateInbox --scale 1), empty db,
#           without the files of the newest file date ("the night", or --night)
#   (b)     the night's files alone as the inbox, on a copy of the database (a) filled and of the
#           view snapshot (a) left beside it; then again without the snapshot (the view read from the
#           tables, as on a night after the snapshot was lost or went stale)
#   (c)     with --scale10: the same as (a) on a scale-10 inbox (a city), --runs10 runs (default 1)
#   (d)     the core peer job: peers/make_core.py writes 420k enrollment rows, a death list and
#           ~1.2M payments in four gzip'd plain-CSV files; DuckDB (peers/core_duckdb.py) and Polars
#           (peers/core_polars.py), 2 threads each, and recon (`recond run --once --config
#           peers/core.toml --as-of 2021-10-01`, the layout declared in TOML) compute NOT_ENROLLED,
#           DUPLICATE_PAYMENT, PAID_AFTER_DEATH and POOLED_ACCOUNT into SQLite; peers/compare.py
#           checks the three (code, subject) sets agree
#   (e)     the floor: only inflating the same inputs with zlib on 2 threads (inflate_floor -j 2)
#   (f)     SQLite's floor for the databases of (a) and (d): the same tables copied into a new file by
#           SQLite alone, in key order, indexes after (sqlite_floor.py), journal off and under WAL
# and prints a table: wall time (median of N runs, min–max) and peak RSS (/usr/bin/time -v), with
# each job's ratio to the decompression floor of its inputs and to its reference.
#
# Options:
#   --runs N        runs per job (default 3)            --scale10   also run (c) (slow: minutes)
#   --runs10 N      runs of (c) (default 1)             --seed N    generator seed (default 1)
#   --night DATE    the night of (b) (default: the newest file date in the scale-1 manifest)
#   --no-build      use the recond/GenerateInbox binaries already built
#   --keep          keep the work folder (/tmp/recon-e2e.XXXXXX): inboxes, databases, logs
#   --venv DIR      virtual environment for duckdb + polars (default /tmp/recon-bench-venv,
#                   created with `python3 -m venv` and pip-installed from PyPI when missing,
#                   reused afterwards)            --fresh-venv   recreate it
#
# Needs: swift, gcc, zlib1g-dev, python3 (with venv and pip), /usr/bin/time. The page cache is warm
# for every job (the inputs were just written): the figures are CPU-bound times, not disk reads.
set -euo pipefail

RUNS=3
RUNS10=1
SCALE10=0
SEED=1
NIGHT=""
BUILD=1
KEEP=0
VENV=/tmp/recon-bench-venv
FRESH_VENV=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --runs10) RUNS10=$2; shift 2 ;;
        --scale10) SCALE10=1; shift ;;
        --seed) SEED=$2; shift 2 ;;
        --night) NIGHT=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --keep) KEEP=1; shift ;;
        --venv) VENV=$2; shift 2 ;;
        --fresh-venv) FRESH_VENV=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "e2e.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PEERS=$HERE/peers
WORK=$(mktemp -d /tmp/recon-e2e.XXXXXX)
cleanup() {
    if [ "$KEEP" = 1 ]; then echo "e2e: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
mkdir -p "$WORK/times" "$WORK/logs"
say() { printf 'e2e: %s\n' "$*" >&2; }

# ---------------------------------------------------------------- build
# build LOG DIR SCRATCH PRODUCT: one retry, for a source file edited during the build, with the build
# plan made again: SwiftPM kept the plan of the Benchmarks package (which builds recon from `..`) when
# a source file was added to recon, and failed on the missing file until release.yaml was removed.
build() {
    local log=$1 dir=$2 scratch=$3 product=$4
    (cd "$dir" && swift build -c release --scratch-path "$scratch" --product "$product") >"$log" 2>&1 \
        || (cd "$dir" && rm -f "$scratch/release.yaml" && swift build -c release --scratch-path "$scratch" --product "$product") >>"$log" 2>&1 \
        || { tail -20 "$log" >&2; exit 1; }
}
if [ "$BUILD" = 1 ]; then
    say "building recond (release)"
    build "$WORK/logs/build-recond.log" "$ROOT" "$ROOT/.build-release" recond
    say "building GenerateInbox (release)"
    build "$WORK/logs/build-gen.log" "$HERE" "$HERE/.build-bench" GenerateInbox
fi
RECOND=$(cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-release" --show-bin-path)/recond
GENERATE=$(cd "$HERE" && swift build -c release --scratch-path "$HERE/.build-bench" --show-bin-path)/GenerateInbox
[ -x "$RECOND" ] || { echo "e2e: no $RECOND (drop --no-build)" >&2; exit 1; }
[ -x "$GENERATE" ] || { echo "e2e: no $GENERATE (drop --no-build)" >&2; exit 1; }
FLOOR=$WORK/inflate_floor
gcc -O2 -pthread -o "$FLOOR" "$PEERS/inflate_floor.c" -lz

# ---------------------------------------------------------------- python for the peers
if [ "$FRESH_VENV" = 1 ]; then rm -rf "$VENV"; fi
if ! "$VENV/bin/python" -c 'import duckdb, polars' 2>/dev/null; then
    say "installing duckdb and polars into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet duckdb polars
fi
PY=$VENV/bin/python
say "peers: $("$PY" -c 'import duckdb, polars, sys; print(f"python {sys.version.split()[0]}, duckdb {duckdb.__version__}, polars {polars.__version__}")')"

# ---------------------------------------------------------------- measuring
# measure ID CMD...: runs CMD $RUNS_NOW times under /usr/bin/time -v, each after `prep_ID` if that
# function exists and a `sync` (neither timed); stops the script if CMD fails. The sync matters: the
# night's database is a fresh 250 MB copy, and without it the kernel wrote that copy back during the
# timed run (0.4 s of a 3.4 s night, seen in perf as ext4 writeback when SQLite resized the file).
# A real database is not a file copied a second earlier.
RUNS_NOW=$RUNS
measure() {
    local id=$1; shift
    local i
    for i in $(seq 1 "$RUNS_NOW"); do
        if declare -F "prep_$id" >/dev/null; then "prep_$id"; fi
        sync
        if ! /usr/bin/time -v -o "$WORK/times/$id.$i" "$@" >"$WORK/logs/$id.$i.out" 2>"$WORK/logs/$id.$i.err"; then
            echo "e2e: job $id failed (run $i): $*" >&2
            tail -20 "$WORK/logs/$id.$i.err" >&2
            exit 1
        fi
    done
    say "$id: $(python3 "$HERE/e2e_stats.py" one "$WORK/times" "$id")"
}

rm_db() { rm -f "$1" "$1-wal" "$1-shm" "$1.view"; }
cp_db() { rm_db "$2"; cp "$1" "$2"; for s in -wal -shm .view; do if [ -e "$1$s" ]; then cp "$1$s" "$2$s"; fi; done; }

# ---------------------------------------------------------------- (a) (b) scale 1.0
say "generating the scale-1.0 inbox (seed $SEED)"
"$GENERATE" --scale 1 --seed "$SEED" --out "$WORK/s1" >&2
NIGHT=$(python3 - "$WORK/s1" "$NIGHT" <<'EOF'
import json, os, sys
root, night = sys.argv[1], sys.argv[2]
files = json.load(open(os.path.join(root, "manifest.json")))["files"]
dates = sorted({f["fileDate"] for f in files if f.get("fileDate")})
night = night or dates[-1]
os.makedirs(os.path.join(root, "night"), exist_ok=True)
moved = [f for f in files if f.get("fileDate") == night]
if not moved:
    sys.exit(f"e2e: no file dated {night}")
for f in moved:
    os.rename(os.path.join(root, "inbox", f["name"]), os.path.join(root, "night", f["name"]))
print(night)
sys.stderr.write(f"e2e: night {night}: {len(moved)} files, {sum(f['rows'] for f in moved)} rows "
                 f"({', '.join(sorted({str(f['format']) for f in moved}))}) held back for (b)\n")
EOF
)
A_DB=$WORK/s1/a.sqlite
prep_a() { rm_db "$A_DB"; }
say "(a) recond run --once, scale 1.0, empty database"
measure a "$RECOND" run --once --inbox "$WORK/s1/inbox" --db "$A_DB"
cp_db "$A_DB" "$WORK/s1/filled.sqlite"
grep '^recon:' "$WORK/logs/a.1.err" | sed 's/^/    /' >&2 || true
say "(f) SQLite's floor for (a)'s database (sqlite_floor.py)"
python3 "$HERE/sqlite_floor.py" "$WORK/s1/filled.sqlite" --runs "$RUNS" | sed 's/^/(a) /' | tee -a "$WORK/floor.txt" >&2

B_DB=$WORK/s1/b.sqlite
prep_b() { cp_db "$WORK/s1/filled.sqlite" "$B_DB"; }
say "(b) recond run --once, the night $NIGHT on the filled database"
measure b "$RECOND" run --once --inbox "$WORK/s1/night" --db "$B_DB"
grep '^recon:' "$WORK/logs/b.1.err" | sed 's/^/    /' >&2 || true
prep_b0() { cp_db "$WORK/s1/filled.sqlite" "$B_DB"; rm -f "$B_DB.view"; }
say "(b) the same night, the view snapshot removed"
measure b0 "$RECOND" run --once --inbox "$WORK/s1/night" --db "$B_DB"

say "(e) floor: inflate the scale-1.0 inbox (zlib, 2 threads)"
S1_FILES=("$WORK"/s1/inbox/* "$WORK"/s1/night/*)
measure floor_s1 "$FLOOR" -j 2 "${S1_FILES[@]}"
rm_db "$B_DB"

# ---------------------------------------------------------------- (c) scale 10
if [ "$SCALE10" = 1 ]; then
    say "generating the scale-10 inbox (seed $SEED)"
    "$GENERATE" --scale 10 --seed "$SEED" --out "$WORK/s10" >&2
    C_DB=$WORK/s10/c.sqlite
    prep_c() { rm_db "$C_DB"; }
    RUNS_NOW=$RUNS10
    say "(c) recond run --once, scale 10, empty database ($RUNS10 run(s))"
    measure c "$RECOND" run --once --inbox "$WORK/s10/inbox" --db "$C_DB"
    grep '^recon:' "$WORK/logs/c.1.err" | sed 's/^/    /' >&2 || true
    measure floor_s10 "$FLOOR" -j 2 "$WORK"/s10/inbox/*
    RUNS_NOW=$RUNS
    rm -rf "$WORK/s10"
fi

# ---------------------------------------------------------------- (d) core peer job
say "generating the core inputs (peers/make_core.py)"
python3 "$PEERS/make_core.py" "$WORK/core" --seed "$SEED" >&2
CORE_IN=$WORK/core/inbox
D_DB=$WORK/core/recon.sqlite
prep_recon_core() { rm_db "$D_DB"; }
say "(d) DuckDB"
measure duckdb_core "$PY" "$PEERS/core_duckdb.py" "$CORE_IN" "$WORK/core/duckdb.sqlite" --threads 2
say "(d) Polars"
measure polars_core "$PY" "$PEERS/core_polars.py" "$CORE_IN" "$WORK/core/polars.sqlite" --threads 2
say "(d) recon (declared format, peers/core.toml)"
measure recon_core "$RECOND" run --once --inbox "$CORE_IN" --db "$D_DB" --config "$PEERS/core.toml" --as-of 2021-10-01
grep '^recon:' "$WORK/logs/recon_core.1.err" | sed 's/^/    /' >&2 || true
say "(f) SQLite's floor for the core job's database"
python3 "$HERE/sqlite_floor.py" "$D_DB" --runs "$RUNS" | sed 's/^/(d) /' | tee -a "$WORK/floor.txt" >&2
say "(e) floor: inflate the core inputs (zlib, 2 threads)"
measure floor_core "$FLOOR" -j 2 "$CORE_IN"/*.gz
AGREE=0
python3 "$PEERS/compare.py" "$D_DB" duckdb="$WORK/core/duckdb.sqlite" polars="$WORK/core/polars.sqlite" \
    >"$WORK/compare.txt" || AGREE=$?

# ---------------------------------------------------------------- the table
echo
echo "recon e2e benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, runs per job: $RUNS (scale 10: $RUNS10), seed $SEED"
echo "recond: $RECOND ($(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo ', uncommitted changes'))"
python3 "$HERE/e2e_stats.py" table "$WORK/times" "$NIGHT"
echo
cat "$WORK/floor.txt"
echo
cat "$WORK/compare.txt"
exit "$AGREE"
