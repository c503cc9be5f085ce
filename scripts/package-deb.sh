#!/usr/bin/env bash
# Builds the office-PC package: target/debian/delegation-tracker_<version>_<arch>.deb.
#
#   scripts/package-deb.sh                 amd64 (x86_64 PCs), with this machine's Rust
#   scripts/package-deb.sh --arch arm64    arm64 (Kunpeng 鲲鹏, Phytium 飞腾 PCs), in the sid
#                                          chroot of scripts/sid-chroot.sh (as root)
#
# The binary is built with cargo-zigbuild against glibc 2.28, so one .deb starts on UOS, Kylin
# and Debian 10 and newer alike, whatever glibc the build machine has. For amd64 it installs
# what it lacks: cargo-zigbuild (cargo install, pinned), zig (the `ziglang` PyPI package,
# pinned, in a private venv under ~/.cache/delegation-tracker-build), and on Debian as root
# python3-venv. This machine's rustup has no aarch64 target, so arm64 is built in a Debian sid
# chroot whose rustc has an arm64 std (libstd-rust-dev:arm64); there the binary runs under
# qemu-aarch64 for its version and man pages. Both .debs have the same contents.
# The .deb itself is put together with dpkg-deb from packaging/ and assets/icons/.
#
# Environment: CARGO_TARGET_DIR (default target), DEB_MAINTAINER, DELEGATION_TRACKER_BUILD_CACHE,
# DEB_OUT_DIR (default $CARGO_TARGET_DIR/debian).
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_ARCH=amd64
while [ $# -gt 0 ]; do
    case "$1" in
        --arch) DEB_ARCH=${2:-}; shift 2 || { echo "package-deb: --arch needs amd64 or arm64" >&2; exit 2; } ;;
        --arch=*) DEB_ARCH=${1#--arch=}; shift ;;
        *) echo "package-deb: unknown argument '$1' (usage: $0 [--arch amd64|arm64])" >&2; exit 2 ;;
    esac
done
case "$DEB_ARCH" in
    amd64) RUST_TARGET=x86_64-unknown-linux-gnu; run=() ;;
    arm64)
        RUST_TARGET=aarch64-unknown-linux-gnu
        run=(timeout 300 qemu-aarch64)   # qemu-user; the chroot has libc6:arm64, so no -L is needed
        if [ -z "${IN_SID_CHROOT:-}" ]; then
            # Build in the chroot (this repository is its /src), writing target/debian here.
            # The git history is not inside it: the packages' dates come from here.
            SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
            export SOURCE_DATE_EPOCH
            exec scripts/sid-chroot.sh run env DEB_OUT_DIR=target/debian CARGO_TARGET_DIR=/root/target \
                ${DEB_MAINTAINER:+DEB_MAINTAINER="$DEB_MAINTAINER"} \
                scripts/package-deb.sh --arch arm64
        fi
        ;;
    *) echo "package-deb: unknown architecture '$DEB_ARCH' (amd64 or arm64)" >&2; exit 2 ;;
esac

ZIGBUILD_VERSION=0.24.1   # cargo-zigbuild
ZIGLANG_VERSION=0.15.2    # zig, from PyPI
GLIBC_VERSION=2.28        # oldest glibc the binary may need (Debian 10, UOS 20, Kylin V10)
PACKAGE=delegation-tracker
MAINTAINER=${DEB_MAINTAINER:-"Zengcheng delegation tracker developers <delegation-tracker@localhost>"}

target_dir=${CARGO_TARGET_DIR:-target}
cache_dir=${DELEGATION_TRACKER_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/delegation-tracker-build}
umask 022

apt_updated=
apt_install() {   # apt_install PACKAGE...: only as root on a Debian-like system
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "package-deb: please install: $*" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$apt_updated" ]; then
        apt-get update -qq
        apt_updated=1
    fi
    apt-get install -y -qq "$@" >/dev/null
}

# --- tools ---------------------------------------------------------------------------------
command -v dpkg-deb >/dev/null 2>&1 || apt_install dpkg
command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv

venv="$cache_dir/zig-venv-$ZIGLANG_VERSION"
[ -z "${IN_SID_CHROOT:-}" ] || venv=/opt/zig-venv   # made by scripts/sid-chroot.sh, same pins
if [ "$("$venv/bin/python" -m ziglang version 2>/dev/null)" != "$ZIGLANG_VERSION" ]; then
    echo "== installing zig $ZIGLANG_VERSION (PyPI ziglang) into $venv"
    rm -rf "$venv"
    mkdir -p "$cache_dir"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        apt_install python3-venv   # Debian's python3 lacks ensurepip without it
        python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "ziglang==$ZIGLANG_VERSION"
fi
# cargo-zigbuild tries `$CARGO_ZIGBUILD_PYTHON_PATH -m ziglang` before a `zig` on PATH.
export CARGO_ZIGBUILD_PYTHON_PATH="$venv/bin/python"

if [ "$(cargo-zigbuild --version 2>/dev/null)" != "cargo-zigbuild $ZIGBUILD_VERSION" ]; then
    echo "== installing cargo-zigbuild $ZIGBUILD_VERSION"
    cargo install --locked --quiet cargo-zigbuild --version "$ZIGBUILD_VERSION"
fi

# --- the binary ----------------------------------------------------------------------------
echo "== cargo zigbuild --release --target $RUST_TARGET.$GLIBC_VERSION"
# Stripped: the symbols would triple the download and nobody debugs on the office PCs.
CARGO_PROFILE_RELEASE_STRIP=symbols \
    cargo zigbuild --release --locked --bin "$PACKAGE" --target "$RUST_TARGET.$GLIBC_VERSION"
bin="$target_dir/$RUST_TARGET/release/$PACKAGE"

version=$("${run[@]}" "$bin" --version | awk '{ print $2 }')
case "$version" in
    [0-9]*) ;;
    *) echo "package-deb: '$bin --version' gave no version" >&2; exit 1 ;;
esac

# --- the tree the package installs --------------------------------------------------------
out_dir=${DEB_OUT_DIR:-$target_dir/debian}
deb="$out_dir/${PACKAGE}_${version}_${DEB_ARCH}.deb"
root="$out_dir/${PACKAGE}_${version}_${DEB_ARCH}"
rm -rf "$root" "$deb"
mkdir -p "$root/DEBIAN"

install -D -m 0755 "$bin" "$root/usr/bin/$PACKAGE"
install -D -m 0644 packaging/delegation-tracker.desktop \
    "$root/usr/share/applications/$PACKAGE.desktop"
for size in 48 128 256; do
    install -D -m 0644 "assets/icons/delegation-tracker-$size.png" \
        "$root/usr/share/icons/hicolor/${size}x$size/apps/$PACKAGE.png"
done
install -D -m 0644 assets/icons/delegation-tracker.svg \
    "$root/usr/share/icons/hicolor/scalable/apps/$PACKAGE.svg"

man_dir="$root/usr/share/man/man1"
mkdir -p "$man_dir"
"${run[@]}" "$bin" --man-pages "$man_dir"   # generated from the clap definition (src/man_page.rs)
gzip -9n "$man_dir"/*.1

doc_dir="$root/usr/share/doc/$PACKAGE"
install -D -m 0644 packaging/copyright "$doc_dir/copyright"
install -m 0644 LICENSE "$doc_dir/LICENSE"
install -m 0644 assets/fonts/LICENSE-OFL.txt "$doc_dir/LICENSE-OFL.txt"

# No maintainer scripts: removing the package leaves each user's records in
# ~/.local/share/delegation-tracker. The icon cache, the menu and mandb are refreshed by
# the hicolor-icon-theme, desktop-file-utils and man-db triggers.
installed_kb=$(du -sk --apparent-size "$root/usr" | cut -f1)
# Depends: the X11 libraries winit loads at run time (dlopen; the binary itself links only
# glibc). Wayland sessions also have XWayland, and every desktop PC has these libraries.
cat >"$root/DEBIAN/control" <<EOF
Package: $PACKAGE
Version: $version
Architecture: $DEB_ARCH
Maintainer: $MAINTAINER
Installed-Size: $installed_kb
Depends: libc6 (>= $GLIBC_VERSION), libx11-6, libx11-xcb1, libxcb1, libxcursor1, libxi6, libxkbcommon0, libxkbcommon-x11-0
Recommends: zenity
Section: misc
Priority: optional
Description: 增城开发区行使市级权限事项 tracker (穗府规〔2024〕3号)
 Desktop app and command line for the city-level powers delegated to the
 Zengcheng Development Zone: the notice's catalogue, routing of applications,
 deadlines on the working-day calendar, and handover records.
 .
 Each user's records live in ~/.local/share/delegation-tracker; removing the
 package leaves them in place. zenity provides the file dialogs where no
 desktop portal runs.
EOF
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
    dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "== wrote $deb ($(du -h "$deb" | cut -f1))"
