#!/usr/bin/env bash
# Proves the release binary runs on a machine without Swift: it must link nothing from the Swift
# toolchain, and it seeds a database and prints a report inside a chroot that holds only the
# binary and the system libraries it links (libc, libsqlite3, zlib, libstdc++).
#
#   scripts/check-portable.sh [BINARY]     # default .build/release/casetool (build it first)
#
# Needs root for chroot (CI runs as root); elsewhere it checks the linked libraries only.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/casetool}
[ -x "$binary" ] || { echo "check-portable: no binary at $binary (swift build -c release --static-swift-stdlib)" >&2; exit 1; }

libraries=$(ldd "$binary" | awk '/=>/ { print $3 } /^\t\/lib/ { print $1 }' | sort -u)
if ldd "$binary" | grep -q -i swift; then
    echo "check-portable: $binary links Swift's own libraries:" >&2
    ldd "$binary" | grep -i swift >&2
    exit 1
fi
echo "links only: $(echo "$libraries" | xargs -n1 basename | xargs)"

if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null; then
    echo "check-portable: not root, so no chroot run (the linked libraries are checked)"
    exit 0
fi
root=$(mktemp -d)
# Swift reads a process's arguments from /proc/self/cmdline on Linux, as every machine has it.
mkdir -p "$root/proc"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
if ! mount -t proc proc "$root/proc" 2>/dev/null; then
    echo "check-portable: cannot mount /proc in the chroot here, so no chroot run (the linked libraries are checked)"
    exit 0
fi
for library in $libraries; do
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
done
cp "$binary" "$root/casetool"
mkdir -p "$root/tmp"
expect() {  # expect WHAT OUTPUT PATTERN
    if ! grep -q -- "$3" <<<"$2"; then echo "check-portable: $1 in the chroot printed: $2" >&2; exit 1; fi
}
expect "--version" "$(chroot "$root" /casetool --version)" "^$("$binary" --version)\$"
chroot "$root" /casetool seed --db /tmp/cases.db >/dev/null 2>&1
expect "report" "$(chroot "$root" /casetool report --by policy --db /tmp/cases.db --format csv)" "^total,,,5,"
expect "audit verify" "$(chroot "$root" /casetool audit verify --db /tmp/cases.db)" "^verified: "
echo "portable: seeds, reports and verifies in a chroot holding only the binary and the libraries above"
