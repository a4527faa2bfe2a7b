#!/usr/bin/env bash
# Builds recon's libFuzzer targets with AddressSanitizer and runs each for SECONDS (default 120),
# seeded with the samples (Tests/Samples, or RECON_SAMPLES): decompressed text for the parsers,
# the .gz files themselves for the gzip reader, deploy/recond.toml for the configuration.
#
#   Fuzz/run.sh 120            # every target, 2 minutes each
#   Fuzz/run.sh 60 FuzzLedger  # one target
#
# Crashes land in Fuzz/findings/TARGET/ (crash-*, leak-*, timeout-*); turn each into a regression
# test in Tests/ReconCoreTests/FuzzRegressionTests.swift. A summary line per target is printed at the end.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzGzip FuzzStatement FuzzLedger FuzzRoster FuzzReferences FuzzConfig)
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then export PATH=/opt/swift/usr/bin:$PATH; fi

samples=${RECON_SAMPLES:-}
if [ -z "$samples" ]; then
    for d in ../Tests/Samples ../../shared/samples; do
        [ -d "$d" ] && { samples=$d; break; }
    done
fi
[ -d "$samples" ] || { echo "run.sh: no samples folder (set RECON_SAMPLES)" >&2; exit 2; }

swift build -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -parse-as-library >build.log 2>&1 || { tail -30 build.log; exit 1; }
bin=$(swift build -c debug --scratch-path .build-fuzz --show-bin-path)

# Seeds: one file per sample; the statement and reference targets take a leading byte choosing the layout.
seed() { # target index sample...
    local dir=corpus/$1; mkdir -p "$dir"
    local index=$2; shift 2
    for f in "$@"; do
        [ -f "$f" ] || continue
        if [ "$index" = "-" ]; then gzip -dc "$f" >"$dir/$(basename "$f" .gz)"
        else { printf "\\x$(printf %02x "$index")"; gzip -dc "$f"; } >"$dir/$(basename "$f" .gz)"; fi
    done
}
mkdir -p corpus/FuzzGzip corpus/FuzzConfig
cp "$samples"/*.gz corpus/FuzzGzip/ 2>/dev/null
cp ../deploy/recond.toml corpus/FuzzConfig/ 2>/dev/null
seed FuzzStatement 0 "$samples"/wx_*.gz
seed FuzzStatement 1 "$samples"/*业务明细*.gz
seed FuzzStatement 2 "$samples"/INN*.gz
seed FuzzStatement 3 "$samples"/ccbpos_*.gz
seed FuzzStatement 4 "$samples"/bank_*.gz
seed FuzzLedger - "$samples"/jinsan_ledger_*.gz
seed FuzzRoster - "$samples"/enrollment_*.gz
seed FuzzReferences 0 "$samples"/deaths_*.gz
seed FuzzReferences 1 "$samples"/assistance_*.gz
seed FuzzReferences 2 "$samples"/employee_insured_*.gz
seed FuzzReferences 3 "$samples"/disbursement_*.gz

summary=()
for t in "${targets[@]}"; do
    mkdir -p "findings/$t" "work/$t"
    cp -n corpus/"$t"/* "work/$t/" 2>/dev/null
    log=findings/$t/run.log
    start=$(date +%s)
    # -rss_limit_mb bounds memory; -timeout flags an input that takes longer than 10 s; the work folder
    # keeps the corpus grown by earlier runs.
    "$bin/$t" "work/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=262144 \
        -artifact_prefix="findings/$t/" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
    crashes=$(find "findings/$t" -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' | wc -l)
    summary+=("$t: ${took}s, $execs executions, coverage $cov edges, exit $rc, $crashes finding(s)")
done
printf '%s\n' "${summary[@]}"
