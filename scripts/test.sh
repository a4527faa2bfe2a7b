#!/usr/bin/env bash
# The test suite on a machine with only the Swift toolchain: installs what the tests need, runs
# `swift test --disable-swift-testing` (arguments are passed on, e.g. --filter ReportOutputTests)
# and ends with one plain line: "N passed, N failed, N skipped". Exits with swift test's status.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
# shellcheck source=scripts/common.sh
source "$repo/scripts/common.sh"

# Besides what the build links, ReportOutputTests run headless Chromium over the HTML reports
# (fonts-noto-cjk gives it the Chinese glyphs) and read the XLSX reports back with openpyxl, from a
# venv (python3-venv). The other programs the tests run (gzip, zcat, sha256sum, sh) are in every
# Debian system.
# The central store's tests need a PostgreSQL server (15 or newer, Debian's `postgresql`): a throwaway
# one is started below and stopped at the end.
ensure_packages "${BUILD_PACKAGES[@]}" chromium chromium-driver fonts-noto-cjk python3-venv postgresql

# openpyxl reads the XLSX back; Selenium drives Chromium (chromium-driver) to check the HTML pages
# as a person sees them (no missing glyph, no clipped label).
venv=${RECON_OPENPYXL_VENV:-$repo/.build/openpyxl-venv}
if ! "$venv/bin/python" -c "import openpyxl, selenium" >/dev/null 2>&1; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet openpyxl selenium
fi
export RECON_PYTHON="$venv/bin/python"
if [ -z "${CHROMIUM:-}" ]; then
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    export CHROMIUM
fi

find_swift
swift --version

# A fresh cluster in a temporary folder on 127.0.0.1 and a free port, password logins (scram-sha-256)
# only; RECON_PG_URL and the password files go to the tests through the environment.
# shellcheck source=scripts/pg.sh
source "$repo/scripts/pg.sh"
pg_start

# XCTest only: there are no Swift Testing tests, and its empty run would otherwise print the last
# summary line.
log=$(mktemp)
trap 'rm -f "$log"; pg_stop' EXIT
set +e
swift test --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One line per test case: "Test Case '…' passed|failed|skipped (…)". (XCTest's own "Executed N tests,
# with F failures" counts failed assertions, not failed tests.)
count() { grep -cE "^Test Case '.*' $1 \(" "$log" || true; }
passed=$(count passed) failed=$(count failed) skipped=$(count skipped)
if [ $((passed + failed + skipped)) -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
