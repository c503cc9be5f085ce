#!/usr/bin/env bash
# Every .xlsx we write prints (issue 16): `route --out` of the samples and of a register with
# rare-hanzi ids, the handover report with 2,000-character notes, and the register template
# (checked at the end, its own way) are printed to PDF by LibreOffice, then checked:
#   - each page is A4 landscape (the sheet is one page wide: no column spills to a page of
#     its own, which would also show as more pages than the bound below);
#   - the page count is at most what the rows need at the fitted scale (see `bound` below);
#   - every cell's text is found whole by `pdftotext -raw` (whitespace and line breaks
#     removed on both sides: a wrapped cell is split into lines, and a cell cut by a row too
#     short for its text, or by its column, is not whole). A cell longer than a row can hold
#     (409 pt, Excel's limit) goes on in the rows below (delegation_files::table::xlsx::PrintedSheet): it must be
#     found in pieces of at least 100 characters, in order (its pieces are 25 lines of a
#     column made as wide as the long text, 30 units: 350 hanzi);
#   - each page carries the title (the sheet's name) in its page header.
#
#   scripts/check-print.sh [BINARY]        (default target/debug/delegation-tracker)
#
# LibreOffice prints with Noto Sans CJK, the Chinese font of 统信UOS and 银河麒麟 (Debian's
# fonts-noto-cjk, unpacked into a cache folder, not installed: CI's window check must still see
# a machine without a Chinese font). Without a CJK font LibreOffice measures the hanzi by a
# Latin font's fallback, which says nothing of a clerk's printout; with Droid Sans Fallback as
# the only one (ghostscript's recommends bring it) `pdftotext -raw` puts the “ ” it draws from
# another font after the line, and cells that print whole are reported cut (seen 2026-12-07 with
# `pdftotext -bbox`). So that font is rejected here. CHECK_PRINT_FONTS names the cache folder
# (default ~/.cache/delegation-tracker/noto-cjk).
#
# Needs soffice (libreoffice-calc-nogui), poppler-utils, python3, and apt-get (for the font,
# once). CHECK_PRINT_LO_PROFILE
# may name a LibreOffice profile folder to reuse (CI passes the one its template check made,
# which saves LibreOffice's first-start set-up, 2-3 s); by default a fresh one in a temp dir.
# KEEP=1 keeps the work folder (the PDFs, to look at) and says where it is.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/delegation-tracker}")
work=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then echo "check-print: work folder $work"; else trap 'rm -rf "$work"' EXIT; fi
profile=${CHECK_PRINT_LO_PROFILE:-$work/profile}
export DELEGATION_TRACKER_DATA_DIR="$work/data"   # never the user's own records

# A register whose ids are full of rare hanzi (GB2312 level 2, 通用规范, Ext-A) and long.
{
    echo '办件编号,事项序号,收件日期,是否在开发区内,项目类型,电压等级（千伏）,是否跨区,水源类型,日取水量（立方米）,是否农业取水,申请类型,树木所在地点,株数,最大胸径（厘米）,古树名木情况'
    echo '增城-堃-龘-犇-喆-瑜栩妃-㐀-1,1,2024-07-01,是,,,,,,,,,,,'
    echo "增城-$(printf '堃龘犇喆瑜栩妃%d-' $(seq 1 12))长,10,2024-07-01,是,,,,地表水,80000,否,新增,,,,"
    echo '增城-鑫淼焱垚-3,12,2024-07-01,是,,,,,,,,市管绿地,25,30.5,普通'
} >"$work/rare.csv"

# Handover records with 2,000-character notes (each sentence numbered, so a cut shows) in
# every free-text column of the report: the item's notes, each element's note, the place.
long() { # long TAG: about 2,000 characters
    local i s=""
    for i in $(seq 1 105); do s+="${1}第${i}句：堃龘犇喆瑜栩妃交接说明。"; done
    printf '%s' "$s"
}
{
    echo '(format: "delegation-tracker/records", version: 1, items: {'
    echo "  1: (state: InProgress, announcement: (date: Some(\"2024-06-01\"), place: \"区政务网 $(long 地点)\"),"
    echo '      elements: ['
    for e in Content Method RightsAndDuties Responsibility Supervision; do
        echo "        (element: $e, done: false, note: \"$(long "$e")\"),"
    done
    echo "      ], notes: \"$(long 备注)\"),"
    echo "  6: (state: HandedOver, handover_date: Some(\"2024-06-03\"), notes: \"$(long 六)\"),"
    echo '}, )'
} >"$work/records.ron"

# The program's messages go to a log, shown if it fails. The samples hold INVALID rows on
# purpose: for them exit 1 (some rows invalid) is the expected answer.
run() { # run EXPECTED_STATUS ARGS...
    local want=$1 got=0
    shift
    "$bin" "$@" >/dev/null 2>>"$work/log" || got=$?
    if [ "$got" != "$want" ]; then
        cat "$work/log" >&2
        echo "check-print: $bin $* exited $got, not $want" >&2
        exit 1
    fi
}
run 0 records import "$work/records.ron"
run 1 route data/samples.ron --today 2024-07-01 --out "$work/samples.xlsx"
run 1 route data/samples.ron --today 2024-07-01 --out "$work/samples.csv"
run 0 route "$work/rare.csv" --today 2024-07-01 --out "$work/rare.xlsx"
run 0 route "$work/rare.csv" --today 2024-07-01 --out "$work/rare.csv.csv"
run 0 report "$work/report.xlsx" --today 2024-07-01
run 0 report "$work/report.csv" --today 2024-07-01
run 0 template "$work/template.xlsx"
mv "$work/rare.csv.csv" "$work/rare-out.csv"

fonts=${CHECK_PRINT_FONTS:-${XDG_CACHE_HOME:-$HOME/.cache}/delegation-tracker/noto-cjk}
if [ ! -s "$fonts/NotoSansCJK-Regular.ttc" ] || [ ! -s "$fonts/NotoSansCJK-Bold.ttc" ]; then
    echo "check-print: fetching Noto Sans CJK (Debian's fonts-noto-cjk, 57 MB) into $fonts"
    mkdir -p "$work/font" "$fonts"
    fetch() { (cd "$work/font" && apt-get download fonts-noto-cjk >/dev/null 2>&1); }
    # A machine whose package lists were never fetched (a fresh CI image) knows no such package.
    if ! fetch && ! { [ "$(id -u)" = 0 ] && apt-get update -qq >/dev/null 2>&1 && fetch; }; then
        echo "check-print: could not download fonts-noto-cjk (apt-get download): the printout cannot be checked with the clerks' Chinese font" >&2
        exit 1
    fi
    dpkg-deb -x "$work"/font/fonts-noto-cjk_*.deb "$work/font/x"
    for f in Regular Bold; do
        cp "$work/font/x/usr/share/fonts/opentype/noto/NotoSansCJK-$f.ttc" "$fonts/.NotoSansCJK-$f.ttc.part"
        mv "$fonts/.NotoSansCJK-$f.ttc.part" "$fonts/NotoSansCJK-$f.ttc"
    done
    rm -rf "$work/font"
fi
cat >"$work/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$fonts</dir>
  <cachedir>$work/fontcache</cachedir>
  <selectfont><rejectfont><glob>*DroidSansFallback*</glob></rejectfont></selectfont>
</fontconfig>
CONF
export FONTCONFIG_FILE="$work/fonts.conf"
timeout 300 soffice --headless "-env:UserInstallation=file://$profile" --convert-to pdf \
    --outdir "$work/pdf" "$work/samples.xlsx" "$work/rare.xlsx" "$work/report.xlsx" "$work/template.xlsx" >/dev/null 2>&1

# The hanzi must have been printed with Noto Sans CJK, not measured by some other font.
for pdf in "$work"/pdf/*.pdf; do
    if ! pdffonts "$pdf" | grep -q NotoSansCJK; then
        pdffonts "$pdf" >&2
        echo "check-print: $(basename "$pdf") was printed without Noto Sans CJK (fonts above)" >&2
        exit 1
    fi
done

python3 - "$work" <<'EOF'
import csv, math, re, subprocess, sys, zipfile

work = sys.argv[1]
failed = []

def sheet_geometry(xlsx):
    """The sheet's column widths (character units) and row heights (points), from its XML."""
    with zipfile.ZipFile(xlsx) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    widths = {}
    for m in re.finditer(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for c in range(int(m[1]), int(m[2]) + 1):
            widths[c] = float(m[3])
    default = float(re.search(r'defaultRowHeight="([\d.]+)"', xml)[1])
    heights = []
    for m in re.finditer(r"<row ([^>]*)>", xml):
        ht = re.search(r'ht="([\d.]+)"', m[1])
        heights.append(float(ht[1]) if ht else default)
    return widths, heights

def bound(xlsx):
    """The most pages the sheet may print on. Fitted to one page wide, everything is drawn at
    s = (printable width) / (the columns' width); a column unit is 7 px at 96 dpi, 5.25 pt
    (plus 5 px of padding per column). A page holds the repeated header row and then rows
    while they fit, so every page but the last is filled to at least its height less the
    header and less the tallest row (the one that did not fit): the pages are at most
    ceil(rows' height / that) + 1 for the last, partly filled page."""
    widths, heights = sheet_geometry(xlsx)
    # A4 landscape less the margins rust_xlsxwriter writes (0.7 in each side; 0.75 in top and
    # bottom, the page header and footer inside them).
    page_w, page_h = 841.89 - 2 * 0.7 * 72, 595.28 - 2 * 0.75 * 72
    cols_pt = sum(w * 5.25 + 3.75 for w in widths.values())
    s = min(1.0, page_w / cols_pt)
    header, rows = heights[0], heights[1:]
    per_page = page_h - (header + max(rows)) * s
    return math.ceil(sum(rows) * s / per_page) + 1, s

def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info)[1])
    sizes = [
        re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", l)
        for l in subprocess.run(
            ["pdfinfo", "-f", "1", "-l", str(n), pdf], capture_output=True, text=True, check=True
        ).stdout.splitlines()
    ]
    return n, [(round(float(m[1])), round(float(m[2]))) for m in sizes if m]

def whole(cell, flat):
    """Whether `cell` is in `flat` whole, or continued: in pieces of 100 characters or more
    (the last may be shorter), each the longest prefix of the rest found there."""
    if cell in flat:
        return True
    rest = cell
    while rest:
        lo, hi = 0, len(rest)
        while lo < hi:  # the longest prefix of `rest` in `flat`
            mid = (lo + hi + 1) // 2
            if rest[:mid] in flat:
                lo = mid
            else:
                hi = mid - 1
        if lo == len(rest):
            return True
        if lo < 100:
            return False
        rest = rest[lo:]
    return True

def text(pdf, *args):
    return subprocess.run(
        ["pdftotext", *args, pdf, "-"], capture_output=True, text=True, check=True
    ).stdout

for name, cells, title in [
    ("samples", "samples.csv", "分派结果"),
    ("rare", "rare-out.csv", "分派结果"),
    ("report", "report.csv", "交接情况"),
]:
    pdf, xlsx = f"{work}/pdf/{name}.pdf", f"{work}/{name}.xlsx"
    n, sizes = pages(pdf)
    most, scale = bound(xlsx)
    if any(size != (842, 595) for size in sizes):
        failed.append(f"{name}: pages not A4 landscape: {sorted(set(sizes))}")
    if n > most:
        failed.append(f"{name}: {n} pages, the rows need at most {most}")
    flat = re.sub(r"\s+", "", text(pdf, "-raw"))
    # The .csv holds the same cells as the .xlsx; a cell a spreadsheet would run as a
    # formula has a ' put before it there (see delegation_files::table::defuse_formula), not in the .xlsx.
    rows = list(csv.reader(open(f"{work}/{cells}", encoding="utf-8-sig")))
    missing = [
        (r + 1, c + 1, cell)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
        if not whole(re.sub(r"\s+", "", re.sub(r"^'(?=[=+\-@])", "", cell)), flat)
    ]
    for r, c, cell in missing[:5]:
        failed.append(f"{name}: row {r} column {c} not whole in the PDF: {cell[:80]!r}")
    if len(missing) > 5:
        failed.append(f"{name}: and {len(missing) - 5} more cells")
    for p in range(1, n + 1):
        head = text(pdf, "-f", str(p), "-l", str(p), "-layout").lstrip().split("\n", 1)[0]
        if title not in head:
            failed.append(f"{name}: page {p}'s header lacks the title {title}: {head!r}")
    cells_n = sum(len(r) for r in rows)
    print(f"check-print: {name}.xlsx prints on {n} A4 landscape page(s) (at most {most}, "
          f"scale {scale:.0%}), all {cells_n} cells whole")

# The register template (three sheets: the register, the columns' explanation, the handover
# dates): every page A4 landscape with a sheet's name in its page header, and every text the
# template holds (its shared strings: headings, examples, explanations, notes) whole.
import html
with zipfile.ZipFile(f"{work}/template.xlsx") as z:
    strings = [html.unescape(t) for t in re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())]
    names = [html.unescape(n) for n in re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())]
pdf = f"{work}/pdf/template.pdf"
n, sizes = pages(pdf)
if any(size != (842, 595) for size in sizes):
    failed.append(f"template: pages not A4 landscape: {sorted(set(sizes))}")
flat = re.sub(r"\s+", "", text(pdf, "-raw"))
for t in strings:
    if re.sub(r"\s+", "", t) not in flat:
        failed.append(f"template: text not whole in the PDF: {t[:80]!r}")
for p in range(1, n + 1):
    head = text(pdf, "-f", str(p), "-l", str(p), "-layout").lstrip().split("\n", 1)[0]
    if not any(name in head for name in names):
        failed.append(f"template: page {p}'s header names no sheet: {head!r}")
print(f"check-print: template.xlsx prints on {n} A4 landscape page(s), its {len(strings)} texts whole")

if failed:
    print("\n".join(failed), file=sys.stderr)
    sys.exit(1)
EOF
