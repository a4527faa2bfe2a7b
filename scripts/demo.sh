#!/usr/bin/env bash
# The demo on a machine with only the Swift toolchain: installs the Debian packages the build links,
# builds recond and recon-report (release), makes a synthetic district and reconciles it, then shows
# how to read the result with recon-report.
#
#   scripts/demo.sh                                   # a county (scale 1.0) into ./recon-demo
#   scripts/demo.sh --scale 0.05 --seed 3 --out /tmp/demo
#
# The arguments are recond demo's (`--scale`, `--seed`, `--out`); relative paths are taken from the
# folder it is run in.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/common.sh
source "$repo/scripts/common.sh"

ensure_packages "${BUILD_PACKAGES[@]}"
find_swift
# Builds every product: recond and recon-report.
swift build -c release --package-path "$repo"
bin=$(swift build -c release --package-path "$repo" --show-bin-path)

# recond demo prints its progress on stderr and `database: PATH` on stdout.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin/recond" demo "$@" | tee "$out"
db=$(sed -n 's/^database: //p' "$out" | tail -1)
case "$db" in
    /*) ;;
    *) db="$PWD/$db" ;;
esac

cat <<MSG

recon-report reads the result (a table on the terminal; --format csv, json or html, or xlsx with
--out FILE). It was built beside recond; to call it by name:

  export PATH="$bin:\$PATH"

  recon-report nightly  --db $db    # tax office: the run's files, rejected lines, findings
  recon-report balance  --db $db    # tax office: statement money against the tax ledger (钱表相符)
  recon-report findings --db $db --status open    # audit bureau: open findings, with evidence
  recon-report findings --db $db --format csv --out findings.csv
      # audit bureau: fill in review_state / review_note (Excel is fine), then record them:
  recon-report review   --db $db --from-csv findings.csv --reviewer NAME
  recon-report subsidy  --db $db    # finance: government subsidy per town against the claims
  recon-report coverage --db $db --format html --out coverage.html   # who paid, per village

\`recon-report --help\` lists every report, \`recon-report REPORT --help\` its options.
MSG
