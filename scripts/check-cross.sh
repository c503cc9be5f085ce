#!/usr/bin/env bash
# CI check of the arm64 .deb and the Windows installer (called from .ci/run): builds both
# (scripts/package-deb.sh --arch arm64, scripts/package-windows.sh), then runs them in the sid
# chroot of scripts/sid-chroot.sh, the arm64 program under qemu-user and the Windows one under
# wine, and checks that
#   - `route data/samples.ron`, in zh and in en, prints byte for byte what the amd64 program
#     prints, and `workdays add 2024-04-29 30` answers 2024-06-13;
#   - `records import` then `report x.pdf` works (the PDF's text is the amd64 one's);
#   - `--smoke` opens the window on Xvfb;
#   - the arm64 .deb holds what the amd64 one holds, its program needs at most GLIBC_2.28;
#   - the installer installs silently (program, Start-menu entry, Apps & features), the
#     installed program keeps its records in %APPDATA%, and the uninstaller removes the program
#     and leaves the records;
#   - the tests of the parts below the app (`cargo test -p delegation-law -p delegation-files
#     -p delegation-store -p delegation-session`) pass on both targets, through qemu and wine.
# Every run under qemu, wine or Xvfb has a time limit, so a hung emulator fails the check
# instead of holding CI until its own limit. A missing prerequisite (too little free disk for
# the chroot, or Debian's archive unreachable when the chroot has to be made) is reported as
# `check-cross: SKIPPED: <why>` and exits 0; every check that runs and fails exits 1.
# Runs as root with no stdin. AMD64_BIN: the reference program (default
# target/debug/delegation-tracker, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=delegation-tracker
MAX_GLIBC=2.28
check=target/cross-check   # shared with the chroot, where this repository is /src

fail() {
    echo "check-cross: FAIL: $*" >&2
    exit 1
}
step() {   # step NAME: the previous step's time, then this one's header
    if [ -n "${step_name:-}" ]; then
        echo "-- $step_name: $((SECONDS - step_start)) s"
        timings+=("$step_name: $((SECONDS - step_start)) s")
    fi
    step_name=$1
    step_start=$SECONDS
    [ -z "$1" ] || echo "== $1"
}
timings=()

# The reference outputs of the amd64 program, which both other programs must match.
reference() {   # reference BIN DIR: what BIN prints and writes, into DIR
    local prog=$1 out=$2 data
    rm -rf "$out"
    mkdir -p "$out"
    data=$(mktemp -d)
    run_ref() { DELEGATION_TRACKER_DATA_DIR="$data" "$prog" "$@"; }
    run_ref route data/samples.ron >"$out/route.zh" || [ $? = 1 ]
    run_ref --lang en route data/samples.ron >"$out/route.en" || [ $? = 1 ]
    run_ref workdays add 2024-04-29 30 >"$out/workdays"
    run_ref records import packaging/check/records.ron >/dev/null
    run_ref report "$out/report.pdf" --today 2024-07-10 >/dev/null
    rm -rf "$data"
}

skipped() {
    echo "check-cross: ************************************************************" >&2
    echo "check-cross: SKIPPED: $*" >&2
    echo "check-cross: ************************************************************" >&2
    exit 0
}

# Free disk the chroot's folder needs, in GB (measured 2026-11-28; see docs/performance.md): a cold run
# makes the chroot (6.5 GB with the wine prefix), the two packages' release builds add 1.9 GB
# and the tests' builds more; a warm one only rebuilds what changed.
COLD_NEED_GB=${CHECK_CROSS_COLD_NEED_GB:-14}
WARM_NEED_GB=${CHECK_CROSS_WARM_NEED_GB:-4}

prerequisites() {
    local root=${DELEGATION_TRACKER_CHROOT:-/var/cache/delegation-tracker/sid-chroot}
    local mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian} need free_gb n
    mkdir -p "$(dirname "$root")"
    if scripts/sid-chroot.sh ready; then
        need=$WARM_NEED_GB
        echo "check-cross: the sid chroot in $root is ready (cached)"
    else
        need=$COLD_NEED_GB
        echo "check-cross: no cached sid chroot in $root: it is made first"
        for n in 1 2 3 4; do
            if curl -fsS --max-time 60 -o /dev/null "$mirror/dists/sid/Release"; then
                break
            fi
            [ "$n" -lt 4 ] ||
                skipped "Debian's archive ($mirror) did not answer 4 times over 2 minutes; the sid chroot cannot be made"
            echo "check-cross: $mirror/dists/sid/Release did not answer (try $n of 4); again in 30 s" >&2
            sleep 30
        done
    fi
    free_gb=$(($(df -Pk "$(dirname "$root")" | awk 'NR == 2 { print $4 }') / 1024 / 1024))
    [ "$free_gb" -ge "$need" ] ||
        skipped "only $free_gb GB free for $root; this run needs $need GB"
    echo "check-cross: $free_gb GB free beside $root (this run needs $need GB)"
}

if [ -z "${IN_SID_CHROOT:-}" ]; then
    [ "$(id -u)" = 0 ] || fail "run as root (the chroot needs it)"
    # Lowest CPU priority for the builds and emulators: on a CI machine of its own this costs
    # nothing, on a shared machine the others' work goes first.
    renice -n 19 $$ >/dev/null 2>&1 || true
    step "prerequisites"
    prerequisites
    step "scripts/package-deb.sh --arch arm64"
    scripts/package-deb.sh --arch arm64
    step "scripts/package-windows.sh"
    scripts/package-windows.sh

    step "the amd64 program's outputs (the reference)"
    amd64=${AMD64_BIN:-target/debug/$PACKAGE}
    if [ ! -x "$amd64" ]; then
        cargo build --locked --bin "$PACKAGE"
    fi
    reference "$amd64" "$check/amd64"
    [ "$(cat "$check/amd64/workdays")" = 2024-06-13 ] ||
        fail "the amd64 program answers $(cat "$check/amd64/workdays") for workdays add 2024-04-29 30"
    # The amd64 .deb's file list, when this machine built it (scripts/check-deb.sh runs first in CI).
    # shellcheck disable=SC2012  # our own file names; the newest is the one just built
    amd64_deb=$(ls -t target/debian/${PACKAGE}_*_amd64.deb 2>/dev/null | head -n 1 || true)
    if [ -n "$amd64_deb" ]; then
        dpkg-deb --contents "$amd64_deb" | awk '{ print $NF }' | sed 's|^\./|/|' | sort >"$check/amd64/contents"
    fi
    step ""
    scripts/sid-chroot.sh run scripts/check-cross.sh
    printf '%s\n' "${timings[@]}" | sed 's/^/check-cross: /'
    echo "check-cross: OK ($SECONDS s in all)"
    exit 0
fi

# ---- inside the chroot ----------------------------------------------------------------------
export CARGO_TARGET_DIR=/root/target
work=$(mktemp -d)
trap 'wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
xvfb() { timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }
# Time limits for wine and its server (the `timeout` command runs the real programs). A
# command of the program takes a few seconds; the limits only end a hang.
wine() { timeout 300 wine "$@"; }
wineserver() { timeout 120 wineserver "$@"; }
wineboot() { timeout 600 wineboot "$@"; }

compare() {   # compare TARGET: its outputs in $check/TARGET against amd64's
    local t=$1 f
    for f in route.zh route.en workdays; do
        cmp "$check/amd64/$f" "$check/$t/$f" ||
            { diff "$check/amd64/$f" "$check/$t/$f" | head -n 20 >&2; fail "$t: $f differs from amd64's (above)"; }
    done
    [ "$(cat "$check/$t/workdays")" = 2024-06-13 ] || fail "$t: workdays add 2024-04-29 30 gave $(cat "$check/$t/workdays")"
    head -c 5 "$check/$t/report.pdf" | grep -q '^%PDF-' || fail "$t: report.pdf is not a PDF"
    pdftotext -layout "$check/amd64/report.pdf" "$work/amd64.txt"
    pdftotext -layout "$check/$t/report.pdf" "$work/$t.txt"
    cmp -s "$work/amd64.txt" "$work/$t.txt" ||
        { diff "$work/amd64.txt" "$work/$t.txt" | head -n 20 >&2; fail "$t: report.pdf's text differs from amd64's"; }
    grep -q '区政务网公告' "$work/$t.txt" || fail "$t: report.pdf lacks the imported record's note"
    echo "$t: route (zh $(wc -l <"$check/$t/route.zh") lines, en $(wc -l <"$check/$t/route.en")) and workdays ($(cat "$check/$t/workdays")) byte for byte as amd64; report.pdf $(stat -c %s "$check/$t/report.pdf") bytes, its text as amd64's"
}

# ---- arm64 under qemu-user ----
step "arm64: the .deb's contents and glibc"
# shellcheck disable=SC2012
deb=$(ls -t target/debian/${PACKAGE}_*_arm64.deb | head -n 1)
[ "$(dpkg-deb --field "$deb" Architecture)" = arm64 ] || fail "$deb is not Architecture: arm64"
dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' | sort >"$work/arm64.contents"
if [ -f "$check/amd64/contents" ]; then
    diff "$check/amd64/contents" "$work/arm64.contents" >&2 ||
        fail "the arm64 .deb's files differ from the amd64 one's (above)"
    echo "contents: the same $(grep -c . "$work/arm64.contents") entries as the amd64 .deb"
else
    for path in /usr/bin/$PACKAGE /usr/share/applications/$PACKAGE.desktop \
        /usr/share/icons/hicolor/256x256/apps/$PACKAGE.png /usr/share/man/man1/$PACKAGE.1.gz \
        /usr/share/doc/$PACKAGE/copyright /usr/share/doc/$PACKAGE/LICENSE-OFL.txt; do
        grep -qx "$path" "$work/arm64.contents" || fail "$path is not in $deb"
    done
    echo "contents: $(grep -c . "$work/arm64.contents") entries (no amd64 .deb here to compare with)"
fi
dpkg-deb -x "$deb" "$work/arm64"
bin="$work/arm64/usr/bin/$PACKAGE"
[[ "$(file -b "$bin")" == *'ARM aarch64'* ]] || fail "$bin is not an aarch64 program: $(file -b "$bin")"
glibc=$(aarch64-linux-gnu-objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
[ -n "$glibc" ] || fail "no GLIBC symbol versions in $bin"
[ "$(printf '%s\n%s\n' "$glibc" "$MAX_GLIBC" | sort -V | tail -n 1)" = "$MAX_GLIBC" ] ||
    fail "the arm64 program needs GLIBC_$glibc, more than $MAX_GLIBC"
echo "arm64: $(file -b "$bin" | cut -d, -f1-2); highest glibc symbol GLIBC_$glibc (limit $MAX_GLIBC); $(stat -c %s "$bin") bytes"

step "arm64: the command line under qemu-aarch64"
arm64() { timeout 300 qemu-aarch64 "$bin" "$@"; }
reference arm64 "$check/arm64"
compare arm64

step "arm64: --smoke under Xvfb (qemu-aarch64)"
DELEGATION_TRACKER_DATA_DIR="$work/arm64-smoke" xvfb qemu-aarch64 "$bin" --smoke ||
    fail "arm64: --smoke did not open the window"
echo "arm64: the window opened and rendered its first frame"

# ---- Windows under wine ----
step "windows: silent install under wine (a fresh prefix)"
export WINEDEBUG=-all WINEPREFIX="$work/wine"
wineboot --init >/dev/null 2>&1 || fail "wineboot could not make a wine prefix"
# shellcheck disable=SC2012
setup=$(ls -t target/windows/${PACKAGE}-setup-*.exe | head -n 1)
wine "$setup" /S || fail "$setup /S failed"
wineserver -w
program="$WINEPREFIX/drive_c/Program Files/$PACKAGE"
for f in $PACKAGE.exe $PACKAGE.ico LICENSE.txt LICENSE-OFL.txt README.txt uninstall.exe; do
    [ -f "$program/$f" ] || fail "the installer did not install $f"
done
cmp "$program/$PACKAGE.exe" target/windows/$PACKAGE.exe || fail "the installed program is not target/windows/$PACKAGE.exe"
link="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/增城开发区权限事项.lnk"
[ -f "$link" ] || fail "no Start-menu entry ($link)"
# The shortcut's strings are UTF-16: the target's path (one name a line) and the icon's.
link_strings=$(strings -el "$link")
grep -qx "$PACKAGE.exe" <<<"$link_strings" || fail "the Start-menu entry does not start the program"
grep -q "$PACKAGE.ico\$" <<<"$link_strings" || fail "the Start-menu entry does not name the icon"
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\delegation-tracker'
uninstall_entry=$(wine reg query "$key" /v DisplayVersion 2>/dev/null | tr -d '\r')
grep -q "DisplayVersion.*REG_SZ" <<<"$uninstall_entry" || fail "no Apps & features entry ($key)"
echo "windows: installed into C:\\Program Files\\$PACKAGE, Start-menu entry with the icon, uninstall key"

step "windows: the installed program's command line under wine"
exe="$program/$PACKAGE.exe"
# Its own data folder (no DELEGATION_TRACKER_DATA_DIR): %APPDATA% as directories gives it.
records=$(wine "$exe" records path | tr -d '\r')
case "$records" in
    *'AppData\Roaming\Zengcheng\delegation-tracker\data\records.ron') ;;
    *) fail "windows: records path is $records, not in %APPDATA%" ;;
esac
rm -rf "$check/windows"   # a report of an earlier run: `report` never writes over a file
mkdir -p "$check/windows"
wine "$exe" route data/samples.ron >"$check/windows/route.zh" || [ $? = 1 ]
wine "$exe" --lang en route data/samples.ron >"$check/windows/route.en" || [ $? = 1 ]
wine "$exe" workdays add 2024-04-29 30 >"$check/windows/workdays"
wine "$exe" records import packaging/check/records.ron >/dev/null
wine "$exe" report "$check/windows/report.pdf" --today 2024-07-10 >/dev/null
compare windows
appdata_records=$(find "$WINEPREFIX/drive_c/users" -path '*AppData/Roaming/Zengcheng/delegation-tracker/data/records.ron' | head -n 1)
[ -n "$appdata_records" ] || fail "windows: no records.ron under %APPDATA% after records import"

step "windows: --smoke under Xvfb (wine)"
# A wineserver started by the command-line runs above has no display: its desktop process
# would never show the window. A fresh one starts with Xvfb's.
wineserver -k 2>/dev/null || true
wineserver -w
xvfb wine "$exe" --smoke || fail "windows: --smoke did not open the window"
wineserver -w
echo "windows: the window opened and rendered its first frame"

step "windows: silent uninstall"
wine "$program/uninstall.exe" /S || fail "uninstall.exe /S failed"
wineserver -w   # the uninstaller runs on from a copy in %TEMP%
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$program/$PACKAGE.exe" ] || break; sleep 1; done
[ ! -e "$program/$PACKAGE.exe" ] || fail "the program is still installed after uninstall"
[ ! -e "$link" ] || fail "the Start-menu entry survived the uninstall"
[ -f "$appdata_records" ] || fail "the uninstall removed the records in %APPDATA%"
if wine reg query "$key" >/dev/null 2>&1; then fail "the uninstall key survived"; fi
echo "windows: uninstalled; the records in %APPDATA% are untouched"
wineserver -k 2>/dev/null || true

# ---- the tests of the parts below the app through the targets' runners ----
step "arm64: cargo test of the law, files, store and session (qemu-aarch64)"
tests() {   # tests NAME CARGO-TEST...: the summary lines, or the failures and a clear FAIL
    local name=$1 status=0
    shift
    # --release, stripped, with the packages' own linker and standard library: the packages'
    # build of the dependencies is reused (a profile or linker of its own would rebuild them
    # all), and the calendar's timing tests (a hundred thousand deadlines) measure the code, not an
    # unoptimised build under an emulator. --no-fail-fast: every failing test binary is listed.
    # A time limit on the whole run (and on each test program: see the runners below).
    # The PostgreSQL tests run on the host (.ci/run's server): here they say they are skipped.
    DELEGATION_TRACKER_TEST_PG= DELEGATION_TRACKER_TEST_PG_SKIP="the cross targets' run" \
    CARGO_PROFILE_RELEASE_STRIP=symbols timeout 2700 "$@" --release --no-fail-fast --locked \
        -p delegation-law -p delegation-files -p delegation-store -p delegation-session \
        >"$work/test-$name.log" 2>&1 || status=$?
    [ "$status" != 124 ] || echo "$name: cargo test ran over its 45 minutes and was stopped" >&2
    { grep -E '^test result:' "$work/test-$name.log" || true; } | awk -v n="$name" '
        { passed += $4; failed += $6; ignored += $8; runs++ }
        END { printf "%s: %d test binaries, %d passed, %d failed, %d ignored\n", n, runs, passed, failed, ignored }'
    if [ "$status" != 0 ]; then
        grep -E -A30 '^failures:$|^error(\[|:)' "$work/test-$name.log" | head -n 80 >&2 || true
        tail -n 20 "$work/test-$name.log" >&2
        fail "$name: cargo test of the law, files, store and session failed (exit $status; above)"
    fi
}
# cargo-zigbuild against glibc 2.28, as scripts/package-deb.sh builds the package.
# Under qemu a save takes about ten times as long: the store's kill test
# (hardening.rs, a_save_killed_at_any_moment_leaves_a_whole_version) waits that much longer
# before each kill, so its kills still fall among many saves; and it starts its child through
# qemu-aarch64 too (this chroot has no binfmt_misc entry for aarch64 programs).
echo "arm64: DELEGATION_TEST_SLOWDOWN=10 (qemu): hardening.rs's kill test waits 10 times longer before each kill"
DELEGATION_TEST_SLOWDOWN=10 DELEGATION_TEST_RUNNER=qemu-aarch64 \
    CARGO_ZIGBUILD_PYTHON_PATH=/opt/zig-venv/bin/python \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="timeout 1200 qemu-aarch64" \
    tests arm64 cargo-zigbuild test --target aarch64-unknown-linux-gnu.2.28

step "windows: cargo test of the law, files, store and session (wine)"
export WINEPREFIX=/root/.wine CARGO_TARGET_DIR=/root/target-windows   # as package-windows.sh
RUSTC_BOOTSTRAP=1 CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="timeout 1200 wine" \
    tests windows cargo test --target x86_64-pc-windows-gnu -Zbuild-std=std,panic_abort
step ""
printf '%s\n' "${timings[@]}" | sed 's/^/check-cross (chroot): /'
