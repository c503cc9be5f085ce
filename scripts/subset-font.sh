#!/usr/bin/env bash
# Regenerates assets/fonts/NotoSansSC-Subset-Regular.otf from Debian's fonts-noto-cjk.
#
# The subset holds: every non-ASCII character of src/, crates/*/src/, data/ and the notice in
# tests/reference/gazette/ (so new UI strings are covered when this is re-run), printable ASCII,
# common CJK punctuation and symbols, and GB2312 level 1 (3,755 common hanzi) for what clerks
# type into the search box and the forms. Re-run after adding UI text:
#   apt-get install -y fonts-noto-cjk && pip install fonttools && bash scripts/subset-font.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ttc=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
[ -f "$ttc" ] || { echo "missing $ttc: apt-get install fonts-noto-cjk" >&2; exit 1; }
out=assets/fonts/NotoSansSC-Subset-Regular.otf
chars=assets/fonts/charset.txt

python3 - "$chars" <<'PY'
import pathlib, sys
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
# (c) common input: GB2312 level 1 (rows 16-55)
for hi in range(0xB0, 0xD8):
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
