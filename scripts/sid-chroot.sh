#!/usr/bin/env bash
# The build and test machine for the arm64 .deb and the Windows installer: a Debian sid chroot
# with sid's Rust (which carries rust-src and an arm64 std), the aarch64 and mingw-w64 cross
# compilers, zig (for glibc 2.28), NSIS, qemu-user and wine. This machine's rustup has only the
# x86_64 Linux target and cannot fetch others; Debian's archive can be reached.
#
#   scripts/sid-chroot.sh setup         make sure the chroot exists and holds the pinned packages
#   scripts/sid-chroot.sh ready         exit 0 when it exists with the pinned packages (no setup)
#   scripts/sid-chroot.sh run CMD...    run CMD inside it, as root, in /src (this repository,
#                                       bind-mounted), with proc, sys, dev, dev/pts and dev/shm
#                                       mounted for the run and always unmounted afterwards
#
# The chroot is cached outside the repository (DELEGATION_TRACKER_CHROOT, default
# /var/cache/delegation-tracker/sid-chroot): set up once (about 6 minutes, 1.7 GB), reused by
# every later run. It is rebuilt when the pins below change. A setup that is killed leaves
# only a `.partial` directory, which the next setup removes and starts again.
#
# Pins: the versions this was built and tested with (sid of 2026-10-30). Sid moves; when the
# archive no longer has one of them apt says which, and the pin here is what to update.
# Runs as root (debootstrap, chroot and mount need it) on a Debian-like machine.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ROOT=${DELEGATION_TRACKER_CHROOT:-/var/cache/delegation-tracker/sid-chroot}
RUST_VERSION=1.97.1            # sid's rustc, cargo, rust-src and libstd-rust-dev:arm64
ZIGLANG_VERSION=0.15.2         # zig, from PyPI (as scripts/package-deb.sh)
ZIGBUILD_VERSION=0.24.1        # cargo-zigbuild, from PyPI's prebuilt wheel
# Debian packages: name=version pins where the version decides the output (the compilers, the
# std they link, the installer builder and the two runners); the rest follow sid.
PACKAGES=(
    "rustc=$RUST_VERSION*" "cargo=$RUST_VERSION*" "rust-src=$RUST_VERSION*"
    "libstd-rust-dev=$RUST_VERSION*" "libstd-rust-dev:arm64=$RUST_VERSION*"
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross
    gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev
    nsis
    qemu-user
    wine wine64
    xvfb xauth
    python3 python3-venv
    dpkg-dev binutils binutils-aarch64-linux-gnu file git
    poppler-utils
    # the X11 libraries the arm64 binary loads at run time (the .deb's Depends), for --smoke
    libx11-6:arm64 libx11-xcb1:arm64 libxcb1:arm64 libxcursor1:arm64 libxi6:arm64
    libxkbcommon0:arm64 libxkbcommon-x11-0:arm64 libxrandr2:arm64
)
STAMP_VERSION=4   # bump when the setup steps below change

fail() {
    echo "sid-chroot: FAIL: $*" >&2
    exit 1
}

# retry N CMD...: network steps (apt, debootstrap, pip) are retried with a pause, so a dropped
# connection does not fail CI; a real failure still fails after the last try, with its output.
retry() {
    local tries=$1 n=1
    shift
    until "$@"; do
        if [ "$n" -ge "$tries" ]; then
            echo "sid-chroot: '$*' failed $tries times" >&2
            return 1
        fi
        echo "sid-chroot: '$*' failed (try $n of $tries); again in $((n * 15)) s" >&2
        sleep $((n * 15))
        n=$((n + 1))
    done
}

[ "$(id -u)" = 0 ] || fail "run as root (debootstrap, chroot and mount need it)"

mounted=()
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null ||
            echo "sid-chroot: could not unmount ${mounted[i]}" >&2
    done
    mounted=()
}
mount_into() {   # mount_into ROOT: the kernel's file systems and the repository
    local r=$1
    mkdir -p "$r/proc" "$r/sys" "$r/dev" "$r/src"
    mount -t proc proc "$r/proc" && mounted+=("$r/proc")
    mount -t sysfs sysfs "$r/sys" && mounted+=("$r/sys")
    mount --bind /dev "$r/dev" && mounted+=("$r/dev")
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$r/dev/pts" 2>/dev/null &&
        mounted+=("$r/dev/pts") ||
        { mount --bind /dev/pts "$r/dev/pts" && mounted+=("$r/dev/pts"); }
    if [ -d /dev/shm ]; then
        mount -t tmpfs -o mode=1777 shm "$r/dev/shm" && mounted+=("$r/dev/shm")
    fi
    mount --bind "$repo" "$r/src" && mounted+=("$r/src")
}

in_chroot() {   # in_chroot ROOT CMD...: run with a clean environment
    local r=$1
    shift
    chroot "$r" /usr/bin/env -i \
        HOME=/root PATH=/root/.local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/x86_64-linux-gnu/wine \
        LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive CARGO_NET_RETRY=6 \
        ${SOURCE_DATE_EPOCH:+SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH"} \
        IN_SID_CHROOT=1 "$@"
}

stamp_text() {
    printf '%s\n' "stamp $STAMP_VERSION" "mirror $MIRROR" "zig $ZIGLANG_VERSION" \
        "zigbuild $ZIGBUILD_VERSION" "${PACKAGES[@]}"
}

ready() {
    local stamp="$ROOT/.delegation-tracker-stamp"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_text)" ]
}

setup() {
    if ready; then
        return 0
    fi
    local partial="$ROOT.partial"
    echo "== setting up the sid chroot in $ROOT (once; about 6 minutes)"
    if ! command -v debootstrap >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        retry 3 apt-get update -qq
        retry 3 apt-get install -y -qq debootstrap >/dev/null
    fi
    mkdir -p "$(dirname "$ROOT")"
    # A chroot left mounted by a killed run would make rm -rf walk into /dev: unmount first.
    for d in "$partial" "$ROOT"; do
        [ -d "$d" ] || continue
        for m in src dev/shm dev/pts dev sys proc; do
            mountpoint -q "$d/$m" 2>/dev/null && umount -l "$d/$m"
        done
    done
    rm -rf --one-file-system "$partial" "$ROOT"

    local t0=$SECONDS
    retry 3 debootstrap --variant=minbase --include=ca-certificates sid "$partial" "$MIRROR" \
        >"$partial.log" 2>&1 || {
        tail -n 30 "$partial.log" >&2
        fail "debootstrap of sid from $MIRROR failed (log above)"
    }
    rm -f "$partial.log"
    echo "debootstrap: $((SECONDS - t0)) s"

    # sid's Release file may be past its Valid-Until on a mirror that lags; it is still signed.
    echo 'Acquire::Check-Valid-Until "false";' >"$partial/etc/apt/apt.conf.d/90valid-until"
    printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
        >"$partial/etc/apt/apt.conf.d/90no-recommends"
    echo 'Acquire::Retries "3";' >"$partial/etc/apt/apt.conf.d/90retries"
    # The host's own CA certificates (an HTTPS proxy's, say): cargo and pip inside need them.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        mkdir -p "$partial/usr/local/share/ca-certificates"
        cp /usr/local/share/ca-certificates/*.crt "$partial/usr/local/share/ca-certificates/"
    fi
    cp /etc/resolv.conf "$partial/etc/resolv.conf" 2>/dev/null || true

    trap unmount_all EXIT
    mount_into "$partial"
    in_chroot "$partial" update-ca-certificates >/dev/null
    in_chroot "$partial" dpkg --add-architecture arm64
    t0=$SECONDS
    retry 3 in_chroot "$partial" apt-get update -qq
    retry 3 in_chroot "$partial" apt-get install -y -qq "${PACKAGES[@]}" >/dev/null ||
        fail "apt-get install in the chroot failed; if sid dropped a pinned version, update PACKAGES in $0"
    in_chroot "$partial" apt-get clean
    echo "apt-get install: $((SECONDS - t0)) s"

    # zig and cargo-zigbuild from PyPI (prebuilt), in a venv whose bin is on the chroot's PATH.
    t0=$SECONDS
    in_chroot "$partial" python3 -m venv /opt/zig-venv
    retry 3 in_chroot "$partial" /opt/zig-venv/bin/pip install --quiet --disable-pip-version-check \
        "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$ZIGBUILD_VERSION"
    mkdir -p "$partial/root/.local/bin"
    ln -sf /opt/zig-venv/bin/cargo-zigbuild "$partial/root/.local/bin/cargo-zigbuild"
    echo "pip install: $((SECONDS - t0)) s"

    # A wine prefix made once, so each run does not spend a minute creating it.
    t0=$SECONDS
    in_chroot "$partial" env WINEDEBUG=-all WINEPREFIX=/root/.wine timeout 600 wineboot --init >/dev/null 2>&1 ||
        fail "wineboot --init failed (or took over 10 minutes) in the chroot"
    in_chroot "$partial" env WINEPREFIX=/root/.wine timeout 300 wineserver -w
    echo "wine prefix: $((SECONDS - t0)) s"

    # What was found, for the report and the next person to update the pins.
    in_chroot "$partial" sh -c 'rustc --version; cargo --version;
        echo "zig $(/opt/zig-venv/bin/python -m ziglang version)";
        cargo-zigbuild --version; wine --version; qemu-aarch64 --version | head -n 1;
        echo "makensis $(makensis -VERSION)"; x86_64-w64-mingw32-gcc --version | head -n 1;
        aarch64-linux-gnu-gcc --version | head -n 1' >"$partial/.delegation-tracker-versions"
    unmount_all
    trap - EXIT
    stamp_text >"$partial/.delegation-tracker-stamp"
    mv "$partial" "$ROOT"
    echo "== sid chroot ready:"
    sed 's/^/   /' "$ROOT/.delegation-tracker-versions"
}

main() {
    local cmd=${1:-setup}
    shift || true
    # One user of the chroot at a time: two runs would unmount each other's /proc.
    mkdir -p "$(dirname "$ROOT")"
    exec 9>"$(dirname "$ROOT")/.sid-chroot.lock"
    flock 9
    case "$cmd" in
        setup) setup ;;
        ready) ready ;;
        run)
            [ $# -gt 0 ] || fail "run needs a command"
            setup
            trap unmount_all EXIT
            mount_into "$ROOT"
            local status=0
            in_chroot "$ROOT" sh -c 'cd /src && exec "$@"' sh "$@" || status=$?
            unmount_all
            trap - EXIT
            return "$status"
            ;;
        *) fail "unknown command '$cmd' (setup or run)" ;;
    esac
}

# Read whole before it runs: editing this file during a long run cannot change what it does.
main "$@"
exit
