#!/usr/bin/env bash
# scripts/install into a temporary prefix with a prebuilt binary: the binary, the desktop entry
# and the icon land under PREFIX and XDG_DATA_HOME, the entry's Exec runs `--version`, a second
# install replaces the first, and --uninstall removes all three. Run by scripts/test.
#
#   tests/install.sh [BINARY]    default: the debug build, built if missing
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

binary=${1:-${CARGO_TARGET_DIR:-$root/target}/debug/stratus}
if [ ! -x "$binary" ]; then
  cargo build --bin stratus
fi
version=$(sed -n 's/^version = "\(.*\)"$/stratus \1/p' Cargo.toml | head -n 1)

tmp=$(mktemp -d -t stratus-install-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# A space in the path: the entry's Exec must quote it.
prefix="$tmp/my prefix"
data="$tmp/data"
fail() {
  echo "tests/install.sh: $*" >&2
  exit 1
}

run_install() {
  PREFIX="$prefix" XDG_DATA_HOME="$data" scripts/install --binary "$binary" "$@" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out" >&2; fail "scripts/install $* failed"; }
}

run_install
run_install # again: replaces, never fails on existing files
entry="$data/applications/stratus.desktop"
icon="$data/icons/hicolor/256x256/apps/stratus.png"
[ -x "$prefix/bin/stratus" ] || fail "no binary in $prefix/bin"
[ -f "$entry" ] || fail "no desktop entry in $data/applications"
[ -f "$icon" ] || fail "no icon in $data/icons"
cmp -s "$icon" assets/stratus.png || fail "the icon differs from assets/stratus.png"
grep -qx 'Type=Application' "$entry" || fail "the entry is not an application"
grep -qx 'Icon=stratus' "$entry" || fail "the entry does not name the icon"

# The entry's Exec, unquoted as a desktop would, runs the installed binary.
exec_line=$(sed -n 's/^Exec=//p' "$entry")
[ -n "$exec_line" ] || fail "the entry has no Exec"
eval "set -- $exec_line"
[ "$1" = "$prefix/bin/stratus" ] || fail "Exec runs $1, not the installed binary"
shown=$("$@" --version)
[ "$shown" = "$version" ] || fail "Exec --version printed '$shown', expected '$version'"

run_install --uninstall
for file in "$prefix/bin/stratus" "$entry" "$icon"; do
  [ ! -e "$file" ] || fail "--uninstall left $file"
done
echo "tests/install.sh: ok ($shown)"
