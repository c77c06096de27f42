#!/usr/bin/env bash
# Checks the Linux packages the Tauri CLI built (README: `ui/node_modules/.bin/tauri build
# --bundles deb,rpm`) with the packaging tools themselves: dpkg-deb for the .deb, rpm (Debian's
# `rpm` package) for the .rpm. Each must hold the binary, the desktop entry, the icons, and
# declare the libraries the app links (WebKitGTK, GTK, OpenSSL).
# Usage: tests/bundle/check.sh [BUNDLE_DIR]   (default: $CARGO_TARGET_DIR/release/bundle)
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle="${1:-${CARGO_TARGET_DIR:-target}/release/bundle}"
version=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect() { # expect WHAT PATTERN TEXT
  grep -Eq -- "$2" <<<"$3" || fail "$1: no line matching /$2/"
}

deb=$(ls "$bundle"/deb/*_"$version"_*.deb 2>/dev/null | head -1 || true)
rpm=$(ls "$bundle"/rpm/*-"$version"-*.rpm 2>/dev/null | head -1 || true)
[ -n "$deb" ] || fail "no .deb of version $version in $bundle/deb"
[ -n "$rpm" ] || fail "no .rpm of version $version in $bundle/rpm"

# What both packages must install.
FILES=(
  '/usr/bin/quorum-app$'
  '/usr/share/applications/Quorum\.desktop$'
  '/usr/share/icons/hicolor/32x32/apps/quorum-app\.png$'
  '/usr/share/icons/hicolor/128x128/apps/quorum-app\.png$'
  '/usr/share/icons/hicolor/256x256@2/apps/quorum-app\.png$'
)

if [ -n "$deb" ]; then
  echo "== $deb"
  info=$(dpkg-deb --info "$deb")
  contents=$(dpkg-deb --contents "$deb")
  expect "deb Package" '^ Package: quorum' "$info"
  expect "deb Version" "^ Version: $version" "$info"
  expect "deb Architecture" '^ Architecture: amd64' "$info"
  expect "deb Depends on WebKitGTK 4.1" '^ Depends:.*libwebkit2gtk-4\.1-0' "$info"
  expect "deb Depends on GTK 3" '^ Depends:.*libgtk-3-0' "$info"
  expect "deb Depends on OpenSSL 3" '^ Depends:.*libssl3' "$info"
  # dpkg-deb lists paths as ./usr/… or usr/…, by the version of tar that built the package.
  for f in "${FILES[@]}"; do expect "deb contents" "^-.* (\./)?${f#/}" "$contents"; done
  expect "deb binary is executable" '^-rwxr-xr-x .* (\./)?usr/bin/quorum-app$' "$contents"
  # The desktop entry, read from the package itself.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  dpkg-deb --extract "$deb" "$scratch/deb"
  desktop=$(cat "$scratch"/deb/usr/share/applications/*.desktop)
  expect "desktop Exec" '^Exec=quorum-app' "$desktop"
  expect "desktop Icon" '^Icon=quorum-app$' "$desktop"
  expect "desktop Name" '^Name=Quorum$' "$desktop"
  expect "desktop Categories" '^Categories=.*Office' "$desktop"
  file "$scratch/deb/usr/bin/quorum-app" | grep -q 'ELF 64-bit LSB pie executable, x86-64' || fail "deb binary is not an x86-64 executable"
fi

if [ -n "$rpm" ]; then
  echo "== $rpm"
  info=$(rpm -qip "$rpm" 2>/dev/null)
  list=$(rpm -qlp "$rpm" 2>/dev/null)
  requires=$(rpm -qRp "$rpm" 2>/dev/null)
  expect "rpm Name" '^Name +: quorum' "$info"
  expect "rpm Version" "^Version +: $version" "$info"
  expect "rpm Architecture" '^Architecture: x86_64' "$info"
  expect "rpm License" '^License +: MIT' "$info"
  expect "rpm Requires OpenSSL" '^openssl-libs' "$requires"
  for f in "${FILES[@]}"; do expect "rpm contents" "^$f" "$list"; done
fi

if [ "$failures" -gt 0 ]; then
  echo "bundle check: $failures failure(s)" >&2
  exit 1
fi
echo "bundle check: the .deb and the .rpm hold the binary, the desktop entry, the icons and their dependencies"
