#!/usr/bin/env python3
"""A generated register for measurements (docs/performance.md): ROWS rows of items 2, 6, 10
and 12, some in scope and some out, received dates across 2024-2026, ids unique.

    scripts/gen-register.py ROWS OUT.csv [SEED]

The .csv is UTF-8 with CRLF line ends, as Excel writes it; LibreOffice turns it into .xlsx
when a workbook is wanted (`soffice --headless --convert-to xlsx`). The same ROWS and SEED
always give the same file.
"""

import random
import sys

HEADER = ["办件编号", "事项序号", "收件日期", "是否在开发区内", "项目类型", "电压等级（千伏）",
          "是否跨区", "水源类型", "日取水量（立方米）", "是否农业取水", "申请类型",
          "树木所在地点", "株数", "最大胸径（厘米）", "古树名木情况"]


def row(i, rnd):
    item = (2, 6, 10, 12)[i % 4]
    day = f"{2024 + rnd.randrange(3)}-{rnd.randrange(1, 13):02}-{rnd.randrange(1, 29):02}"
    zone = "是" if rnd.random() < 0.95 else "否"
    cells = [f"GEN-{i:07}", str(item), day, zone] + [""] * 11
    if item == 6:
        kind = rnd.choice(["电网工程", "电网工程", "天然气分布式能源站", "其他"])
        cells[4] = kind
        if kind == "电网工程":
            cells[5] = str(rnd.choice([10, 110, 220, 221, 500]))
            cells[6] = rnd.choice(["是", "否", "否"])
    elif item == 10:
        cells[7] = rnd.choice(["地表水", "地下水"])
        cells[8] = str(rnd.choice([40000, 50000, 80000, 149999, 150000, 200000]))
        cells[9] = rnd.choice(["是", "否", "否"])
        cells[10] = rnd.choice(["新增", "变更", "延续"])
    elif item == 12:
        cells[11] = rnd.choice(["市管绿地", "特色风貌林荫路", "历史名园", "其他"])
        cells[12] = str(rnd.choice([1, 10, 49, 50, 51, 200]))
        cells[13] = rnd.choice(["10", "29.99", "30", "30.5", "80"])
        cells[14] = rnd.choice(["普通", "普通", "古树名木", "古树后续资源"])
    return cells


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 14)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(HEADER) + "\r\n")
        for i in range(1, rows + 1):
            f.write(",".join(row(i, rnd)) + "\r\n")


if __name__ == "__main__":
    main()
