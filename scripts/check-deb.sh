#!/usr/bin/env bash
# CI check of the office-PC package (called at the end of .ci/run): builds it with
# scripts/package-deb.sh, then checks its contents, the glibc it needs, the menu entry,
# installs it with dpkg, opens the installed app under Xvfb, reads its man page and removes it.
# Runs as root on a fresh Debian-like machine with no stdin; installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_GLIBC=2.28
PACKAGE=delegation-tracker

fail() {
    echo "check-deb: FAIL: $*" >&2
    exit 1
}

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo

missing=()
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
command -v man >/dev/null 2>&1 || missing+=(man-db)
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== scripts/package-deb.sh"
scripts/package-deb.sh
# shellcheck disable=SC2012  # our own file names; the newest is the one just built
deb=$(ls -t "${CARGO_TARGET_DIR:-target}"/debian/${PACKAGE}_*_amd64.deb | head -n 1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== contents"
dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
for path in \
    /usr/bin/$PACKAGE \
    /usr/share/applications/$PACKAGE.desktop \
    /usr/share/icons/hicolor/48x48/apps/$PACKAGE.png \
    /usr/share/icons/hicolor/128x128/apps/$PACKAGE.png \
    /usr/share/icons/hicolor/256x256/apps/$PACKAGE.png \
    /usr/share/icons/hicolor/scalable/apps/$PACKAGE.svg \
    /usr/share/man/man1/$PACKAGE.1.gz \
    /usr/share/man/man1/$PACKAGE-records-export.1.gz \
    /usr/share/doc/$PACKAGE/copyright \
    /usr/share/doc/$PACKAGE/LICENSE \
    /usr/share/doc/$PACKAGE/LICENSE-OFL.txt; do
    grep -qx "$path" "$work/contents" || fail "$path is not in the package"
done
if grep -v '^/usr/\|^/$' "$work/contents"; then
    fail "the package installs outside /usr (above)"
fi
dpkg-deb --field "$deb" Recommends | grep -qw zenity || fail "zenity is not recommended"
control_files=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | sort | xargs)
[ "$control_files" = "control md5sums" ] ||
    fail "unexpected control files (no maintainer scripts wanted): $control_files"
echo "contents: $(grep -c . "$work/contents") entries, the expected paths all there"

echo "== glibc"
dpkg-deb -x "$deb" "$work/root"
bin="$work/root/usr/bin/$PACKAGE"
glibc=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
[ -n "$glibc" ] || fail "no GLIBC symbol versions found in $bin"
highest=$(printf '%s\n%s\n' "$glibc" "$MAX_GLIBC" | sort -V | tail -n 1)
[ "$highest" = "$MAX_GLIBC" ] || fail "the binary needs GLIBC_$glibc, more than $MAX_GLIBC"
needed=$(objdump -p "$bin" | awk '/NEEDED/ { print $2 }' | xargs)
echo "highest glibc symbol version: GLIBC_$glibc (limit $MAX_GLIBC); NEEDED: $needed"

echo "== desktop-file-validate"
desktop-file-validate "$work/root/usr/share/applications/$PACKAGE.desktop"
echo "the desktop entry is valid"

echo "== dpkg -i"
if ! $sudo dpkg -i "$deb"; then
    echo "dpkg -i left dependencies to install: apt-get install -f"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -f -y -qq --no-install-recommends >/dev/null
fi
dpkg-query -W -f='${Status}\n' $PACKAGE | grep -qx 'install ok installed' || fail "not installed"
[ -x /usr/bin/$PACKAGE ] || fail "/usr/bin/$PACKAGE missing after install"
/usr/bin/$PACKAGE --version

echo "== the installed app opens its window under Xvfb"
data="$work/data"
mkdir -p "$data"
DELEGATION_TRACKER_DATA_DIR="$data" \
    timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/$PACKAGE --smoke
echo "smoke: the installed app opened and rendered its first frame"

echo "== man page"
if [ -e /usr/share/man/man1/$PACKAGE.1.gz ]; then
    page=$(man -w $PACKAGE) || fail "man -w $PACKAGE finds no page"
else
    # Minimal (e.g. Docker) images tell dpkg not to unpack /usr/share/man: read the packaged one.
    grep -rqs 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/ ||
        fail "/usr/share/man/man1/$PACKAGE.1.gz was not installed"
    echo "(dpkg here excludes /usr/share/man; checking the page inside the package)"
    page="$work/root/usr/share/man/man1/$PACKAGE.1.gz"
fi
rendered=$(MANWIDTH=80 man -l "$page" 2>/dev/null | col -b)
grep -q "records" <<<"$rendered" || fail "$page renders without its commands"
grep -q "^NAME" <<<"$rendered" || fail "$page renders without a NAME section"
echo "man: $page renders ($(wc -l <<<"$rendered") lines)"

echo "== dpkg -r"
$sudo dpkg -r $PACKAGE
[ ! -e /usr/bin/$PACKAGE ] || fail "/usr/bin/$PACKAGE is still there after dpkg -r"
[ ! -e /usr/share/applications/$PACKAGE.desktop ] || fail "the menu entry survived dpkg -r"
[ -d "$data" ] || fail "removing the package touched the records directory"
echo "removed; the records directory is untouched"

echo "check-deb: OK ($SECONDS s)"
