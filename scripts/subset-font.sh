#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-Subset-Regular.otf from Debian's fonts-noto-cjk.
#
# The subset holds: every non-ASCII character of src/, crates/*/src/, data/ and the notice in
# tests/reference/gazette/ (so new UI strings are covered when this is re-run), printable ASCII,
# common CJK punctuation and symbols, all of GB2312 (its 6,763 hanzi and its symbol rows) and
# the 8,105 characters of the 通用规范汉字表 (2013), for the names clerks type. The 通用规范汉字表
# list comes from the Unicode Han database's kTGH field, as Debian's unicode-data ships it
# (/usr/share/unicode/Unihan_OtherMappings.txt.bz2); it is written to
# assets/fonts/tongyong-guifan-8105.txt, which tests/font_coverage.rs checks the font against.
# Re-run after adding UI text:
#   apt-get install -y fonts-noto-cjk unicode-data && pip install fonttools && bash scripts/subset-font.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
[ -f "$ttc" ] || { echo "missing $ttc: apt-get install fonts-noto-cjk" >&2; exit 1; }
out=assets/fonts/NotoSansSC-Subset-Regular.otf
chars=assets/fonts/charset.txt
tgh=assets/fonts/tongyong-guifan-8105.txt
unihan=/usr/share/unicode/Unihan_OtherMappings.txt.bz2
[ -f "$unihan" ] || { echo "missing $unihan: apt-get install unicode-data" >&2; exit 1; }

python3 - "$chars" "$tgh" "$unihan" <<'PY'
import bz2, pathlib, sys
chars = set()
# (a) what the app itself shows
for pattern in ("src/**/*.rs", "crates/*/src/**/*.rs", "data/**/*.ron", "scripts/charset-extra.txt"):
    for path in pathlib.Path(".").glob(pattern):
        chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7E)
gazette = pathlib.Path("tests/reference/gazette/000_aedf352df84fbad2.txt")
if gazette.exists():
    lines = gazette.read_text(encoding="utf-8").splitlines()
    chars.update(c for line in lines[200:265] for c in line if ord(c) > 0x7E)
# (b) ASCII, punctuation and symbols clerks meet
chars.update(chr(c) for c in range(0x20, 0x7F))
chars.update("，。、；：？！“”‘’（）〔〕【】《》〈〉「」『』—…·％＋－×÷±≤≥≠＝～℃°′″№ⅠⅡⅢⅣⅤ①②③④⑤⑥⑦⑧⑨⑩³²㎡㎝㎞¥￥→←↑↓▲▼◀▶●○■□◆◇★☆")
chars.update(chr(c) for c in range(0x3000, 0x3040))   # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF01, 0xFF5F))   # full-width forms
# (c) what clerks type: the 通用规范汉字表 (Unihan kTGH: "2013:NNNN", its number in the table)
tongyong = {}
for line in bz2.open(sys.argv[3], "rt", encoding="utf-8"):
    fields = line.rstrip("\n").split("\t")
    if len(fields) == 3 and fields[1] == "kTGH":
        tongyong[int(fields[2].split(":")[1])] = chr(int(fields[0][2:], 16))
assert sorted(tongyong) == list(range(1, 8106)), "the 通用规范汉字表 has 8,105 characters"
pathlib.Path(sys.argv[2]).write_text("".join(tongyong[n] for n in sorted(tongyong)) + "\n", encoding="utf-8")
chars.update(tongyong.values())
# (d) and all of GB2312: symbols (rows 1-9) and the 6,763 hanzi (rows 16-87)
for hi in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.discard("\n"); chars.discard("\r"); chars.discard("\t")
text = "".join(sorted(chars))
pathlib.Path(sys.argv[1]).write_text(text, encoding="utf-8")
print(f"{len(text)} characters")
PY

pyftsubset "$ttc" --font-number=2 \
    --text-file="$chars" \
    --output-file="$out" \
    --layout-features='kern,liga,locl,vert,vrt2,palt,halt' \
    --no-hinting \
    --name-IDs='*' --name-legacy --name-languages='*' \
    --drop-tables+=DSIG
ls -l "$out"
