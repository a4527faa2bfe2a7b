#!/usr/bin/env bash
# Installs recon on a Debian server: builds recond, recon-report and recon-central with the Swift runtime linked in
# (--static-swift-stdlib: the server needs no Swift toolchain), and installs them with their man pages,
# bash and zsh completions, the systemd unit, a configuration (never over an existing one), the
# Prometheus alert rules, the README, the system user `recon` and its state folder.
#
#   deploy/install.sh [--prefix /usr/local] [--destdir DIR] [--bin-dir DIR] [--no-user]
#
# --destdir stages everything under DIR (for packaging, or to look first; no user is made then);
# --bin-dir installs binaries already built there instead of building.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/usr/local destdir="" bindir="" make_user=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --destdir) destdir=$2; make_user=0; shift 2 ;;
        --bin-dir) bindir=$2; shift 2 ;;
        --no-user) make_user=0; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    esac
done
# shellcheck source=scripts/common.sh
source "$repo/scripts/common.sh"
ensure_packages "${BUILD_PACKAGES[@]}" sqlite3

if [ -z "$bindir" ]; then
    find_swift
    for product in recond recon-report recon-central; do
        swift build -c release --static-swift-stdlib --package-path "$repo" --build-path "$repo/.build-install" --product "$product"
    done
    bindir=$(swift build -c release --static-swift-stdlib --package-path "$repo" --build-path "$repo/.build-install" --show-bin-path)
fi
for tool in recond recon-report recon-central; do
    [ -x "$bindir/$tool" ] || { echo "install.sh: no $bindir/$tool" >&2; exit 1; }
    if ldd "$bindir/$tool" 2>/dev/null | grep -q 'libswiftCore\|libFoundation'; then
        echo "install.sh: note: $tool links the Swift runtime dynamically (built without --static-swift-stdlib)" >&2
    fi
done

root="$destdir"
install -d "$root$prefix/bin" "$root$prefix/share/man/man1" "$root$prefix/share/doc/recon" \
    "$root/usr/share/bash-completion/completions" "$root$prefix/share/zsh/site-functions" \
    "$root/etc/systemd/system" "$root/etc/recon"
install -m 0755 "$bindir/recond" "$bindir/recon-report" "$bindir/recon-central" "$root$prefix/bin/"
for tool in recond recon-report recon-central; do
    "$bindir/$tool" --generate-completion-script bash >"$root/usr/share/bash-completion/completions/$tool"
    "$bindir/$tool" --generate-completion-script zsh >"$root$prefix/share/zsh/site-functions/_$tool"
    "$repo/deploy/manpage.sh" "$bindir/$tool" >"$root$prefix/share/man/man1/$tool.1"
done
sed "s#/usr/local/bin/#$prefix/bin/#g" "$repo/deploy/recond.service" >"$root/etc/systemd/system/recond.service"
chmod 0644 "$root/etc/systemd/system/recond.service"
if [ -e "$root/etc/recon/recond.toml" ]; then
    echo "install.sh: kept the existing $root/etc/recon/recond.toml (the shipped one is $prefix/share/doc/recon/recond.toml)"
else
    install -m 0644 "$repo/deploy/recond.toml" "$root/etc/recon/recond.toml"
fi
install -m 0644 "$repo/deploy/recond.toml" "$repo/deploy/alerts.yml" "$repo/README.md" "$root$prefix/share/doc/recon/"
cp -r "$repo/docs" "$root$prefix/share/doc/recon/" 2>/dev/null || true

if [ "$make_user" = 1 ]; then
    if ! id recon >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/recon --no-create-home --shell /usr/sbin/nologin recon
    fi
    # The state folder (systemd's StateDirectory= makes it too); the inbox is group-writable and setgid
    # so a channel's upload user in group recon can deliver into it (see README, Operations).
    install -d -o recon -g recon -m 0750 /var/lib/recon
    install -d -o recon -g recon -m 2770 /var/lib/recon/inbox
    systemctl daemon-reload 2>/dev/null || true
fi
cat <<MSG
installed recon $("$root$prefix/bin/recond" --version) under ${root:-/}:
  $prefix/bin/recond, $prefix/bin/recon-report, $prefix/bin/recon-central (man pages; completions for bash and zsh)
  /etc/recon/recond.toml, /etc/systemd/system/recond.service, $prefix/share/doc/recon/alerts.yml
next: recond check-config /etc/recon/recond.toml && systemctl enable --now recond
MSG
