#!/usr/bin/env bash
# Builds the Debian package with cargo-deb and unpacks it into a scratch root: the binary runs
# `--version`, the desktop entry and icon are where menus look, and the control fields hold
# what Cargo.toml's [package.metadata.deb] says. Run by scripts/test, so the packaging
# cannot rot.
#
#   tests/deb.sh [--release]
#   tests/deb.sh --install-cargo-deb    only install the pinned cargo-deb (CI does it first)
#
# By default it packages the debug binary the test suite already built (`--profile dev
# --no-build`, stripped): a release build takes about ten minutes on a CI machine, and what
# can rot here is the packaging (metadata, asset paths, the entry), not the optimiser.
# cargo-deb warns that dev packages are for testing only; that is what this one is.
# --release builds and checks the package as `cargo deb` makes it for users.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# The pinned cargo-deb, installed on first use (a few minutes of compiling, then cached).
CARGO_DEB_VERSION=3.8.0
if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
  cargo install cargo-deb --locked --version "$CARGO_DEB_VERSION"
fi
[ "${1:-}" = "--install-cargo-deb" ] && exit 0

tmp=$(mktemp -d -t stratus-deb-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "tests/deb.sh: $*" >&2
  exit 1
}

if [ "${1:-}" = "--release" ]; then
  cargo deb --output "$tmp/" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; fail "cargo deb failed"; }
else
  if [ ! -x "${CARGO_TARGET_DIR:-$root/target}/debug/stratus" ]; then
    cargo build --bin stratus
  fi
  cargo deb --profile dev --no-build --strip --fast --quiet --output "$tmp/" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log" >&2; fail "cargo deb failed"; }
fi
package=$(find "$tmp" -maxdepth 1 -name 'stratus_*.deb' | head -n 1)
[ -n "$package" ] || fail "no package in $tmp"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ "$(dpkg-deb -f "$package" Package)" = stratus ] || fail "wrong package name"
case "$(dpkg-deb -f "$package" Version)" in
  "$version"*) ;;
  *) fail "package version $(dpkg-deb -f "$package" Version) is not $version" ;;
esac
depends=$(dpkg-deb -f "$package" Depends)
for library in libc6 libgl1 libegl1 libxkbcommon-x11-0; do
  case "$depends" in
    *"$library"*) ;;
    *) fail "Depends lacks $library: $depends" ;;
  esac
done

# Installed into a scratch root (dpkg -x unpacks exactly what dpkg --install would place).
scratch="$tmp/root"
dpkg-deb -x "$package" "$scratch"
entry="$scratch/usr/share/applications/stratus.desktop"
[ -x "$scratch/usr/bin/stratus" ] || fail "no /usr/bin/stratus"
[ -f "$entry" ] || fail "no desktop entry"
cmp -s "$scratch/usr/share/icons/hicolor/256x256/apps/stratus.png" assets/stratus.png ||
  fail "the icon is missing or differs"
grep -qx 'Exec=stratus' "$entry" || fail "the entry does not run stratus from PATH"
grep -qx 'Icon=stratus' "$entry" || fail "the entry does not name the icon"
shown=$("$scratch/usr/bin/stratus" --version)
[ "$shown" = "stratus $version" ] || fail "--version printed '$shown'"
echo "tests/deb.sh: ok ($(basename "$package"), $(du -h "$package" | cut -f1))"
