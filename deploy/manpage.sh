#!/usr/bin/env bash
# Prints the man page (mdoc) of one of recon's tools, made by swift-argument-parser's generate-manual
# from the tool's own help (built once, in .build-tools).
#   deploy/manpage.sh PATH/TO/recond > recond.1
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/common.sh
source "$repo/scripts/common.sh"
find_swift
tools="$repo/.build-tools"
swift build --package-path "$repo" --build-path "$tools" --product generate-manual >&2
"$(swift build --package-path "$repo" --build-path "$tools" --show-bin-path)/generate-manual" "$1" -o -
