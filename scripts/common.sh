# Sourced by scripts/demo.sh and scripts/test.sh: install what a Debian machine lacks, find Swift.

# ensure_packages PKG...: installs the Debian packages that are not installed yet, with one
# `apt-get update` first; nothing is run when all are there. sudo is used only when not root.
ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "not a Debian-like system: make sure these (or their equivalents) are installed: $*" >&2
        return 0
    fi
    local missing=() pkg
    for pkg in "$@"; do
        # `dpkg -s` also succeeds for a removed package whose configuration files remain: ask for
        # the installed state itself.
        if [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" != installed ]; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "missing Debian packages: ${missing[*]} (run as root, or install sudo)" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "installing Debian packages: ${missing[*]}" >&2
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# find_swift: puts a Swift toolchain on PATH (the official Debian images install it under
# /opt/swift), or stops with what to do.
find_swift() {
    local dir
    if ! command -v swift >/dev/null 2>&1; then
        for dir in /opt/swift/usr/bin "$HOME/.local/share/swiftly/bin" /usr/share/swift/usr/bin; do
            if [ -x "$dir/swift" ]; then
                export PATH="$dir:$PATH"
                break
            fi
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "swift not found: install a Swift toolchain (6.1 or newer) and put its bin folder on PATH" >&2
        return 1
    fi
}

# The packages every build links (system-library targets of Package.swift).
BUILD_PACKAGES=(libsqlite3-dev zlib1g-dev libisal-dev libxlsxwriter-dev libsodium-dev libpq-dev pkg-config)
