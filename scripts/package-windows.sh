#!/usr/bin/env bash
# Builds the Windows program and its installer:
#   target/windows/delegation-tracker.exe                   the program (x86_64, 64-bit Windows)
#   target/windows/delegation-tracker-setup-<version>.exe   the NSIS installer
#
# This machine's rustup has no Windows target and cannot fetch one, so the build runs in the
# Debian sid chroot of scripts/sid-chroot.sh (set up on first use; run as root): sid's rustc
# with rust-src builds the standard library for x86_64-pc-windows-gnu itself
# (RUSTC_BOOTSTRAP=1 … -Zbuild-std) and links with mingw-w64; makensis (Debian's nsis) packs
# packaging/windows/installer.nsi. The program's version comes from running it under wine.
#
# Environment: DELEGATION_TRACKER_CHROOT (see scripts/sid-chroot.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${IN_SID_CHROOT:-}" ]; then
    exec scripts/sid-chroot.sh run scripts/package-windows.sh "$@"
fi
[ $# -eq 0 ] || { echo "package-windows: no arguments expected" >&2; exit 2; }

RUST_TARGET=x86_64-pc-windows-gnu
PACKAGE=delegation-tracker
# In the chroot: kept between runs, apart from target/, and apart from the Linux builds' folder:
# RUSTC_BOOTSTRAP reruns build scripts that look at it (proc-macro2's), so sharing one folder
# would rebuild nearly everything each time the other build ran.
export CARGO_TARGET_DIR=/root/target-windows
out_dir=target/windows
umask 022

echo "== cargo build --release --target $RUST_TARGET (-Zbuild-std: the standard library too)"
# Stripped: symbols would triple the download. -Zbuild-std needs the nightly switch on sid's
# stable rustc; the std it builds is sid's own rust-src, the same version as the compiler.
RUSTC_BOOTSTRAP=1 CARGO_PROFILE_RELEASE_STRIP=symbols \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo build --release --locked --bin "$PACKAGE" --target "$RUST_TARGET" \
    -Zbuild-std=std,panic_abort
exe="$CARGO_TARGET_DIR/$RUST_TARGET/release/$PACKAGE.exe"

# Only system DLLs: the program must start on a bare Windows with nothing else installed (no
# mingw runtime DLL beside it). Wine's system32 holds Windows' own DLLs, and only those.
export WINEDEBUG=-all WINEPREFIX=/root/.wine
[ -d "$WINEPREFIX/drive_c/windows/system32" ] || timeout 600 wineboot --init >/dev/null 2>&1
imports=$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/DLL Name:/ { print tolower($3) }' | sort -u)
[ -n "$imports" ] || { echo "package-windows: no DLL imports found in $exe" >&2; exit 1; }
for dll in $imports; do
    # api-ms-win-*: Windows' API sets, names the loader resolves (no files to look for)
    if [ "${dll#api-ms-win-}" = "$dll" ] && [ ! -e "$WINEPREFIX/drive_c/windows/system32/$dll" ]; then
        echo "package-windows: $exe imports $dll, which is not part of Windows" >&2
        exit 1
    fi
done
echo "imports: $(echo $imports)"
version=$(timeout 300 wine "$exe" --version | tr -d '\r' | awk '{ print $2 }')
case "$version" in
    [0-9]*) ;;
    *) echo "package-windows: '$exe --version' under wine gave no version" >&2; exit 1 ;;
esac

# --- what the installer installs ------------------------------------------------------------
stage="$CARGO_TARGET_DIR/windows-stage"
rm -rf "$stage" "$out_dir"
mkdir -p "$stage" "$out_dir"
cp "$exe" "$stage/$PACKAGE.exe"
python3 packaging/windows/make-ico.py "$stage/$PACKAGE.ico" \
    assets/icons/$PACKAGE-48.png assets/icons/$PACKAGE-128.png assets/icons/$PACKAGE-256.png
# Windows line ends, so Notepad shows the licences as they are.
sed 's/$/\r/' LICENSE >"$stage/LICENSE.txt"
sed 's/$/\r/' assets/fonts/LICENSE-OFL.txt >"$stage/LICENSE-OFL.txt"
sed 's/$/\r/' >"$stage/README.txt" <<EOF
增城开发区权限事项 (Zengcheng Zone Delegated Powers) $version

Start it from the Start menu: 增城开发区权限事项.
Command line: "%ProgramFiles%\\$PACKAGE\\$PACKAGE.exe" --help

Each user's records are kept in %APPDATA%\\Zengcheng\\$PACKAGE\\data\\records.ron
("$PACKAGE records path" prints it). Uninstalling the program leaves them in place.

Licences: LICENSE.txt (the program, MIT); LICENSE-OFL.txt (the embedded Noto Sans SC
subset, SIL Open Font License 1.1).
EOF

setup="$out_dir/$PACKAGE-setup-$version.exe"
echo "== makensis → $setup"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$(realpath "$stage")" \
    -DOUTFILE="$(realpath "$out_dir")/$PACKAGE-setup-$version.exe" packaging/windows/installer.nsi
cp "$exe" "$out_dir/$PACKAGE.exe"
echo "== wrote $out_dir/$PACKAGE.exe ($(du -h "$out_dir/$PACKAGE.exe" | cut -f1)) and $setup ($(du -h "$setup" | cut -f1))"
