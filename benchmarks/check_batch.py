"""Check a `careplan batch` result: every PDF opens and holds its own patient.

Run: python benchmarks/check_batch.py ANSWERSDIR OUTDIR
For each answers-NNNN.yaml there must be answers-NNNN.pdf whose text names
"Profile NNNN" (and no other profile), and the folder holds nothing else:
no temporary files left behind.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pypdf


def main() -> int:
    answers_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    problems = []
    expected = {p.stem for p in answers_dir.glob("answers-*.yaml")}
    for stem in sorted(expected):
        pdf = out_dir / f"{stem}.pdf"
        try:
            text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        except Exception as exc:  # noqa: BLE001 (any unreadable PDF is a finding)
            problems.append(f"{pdf.name}: does not open ({exc})")
            continue
        # NFKC: on a right-to-left page HarfBuzz joins "fi" into one glyph, extracted as "\ufb01"
        names = set(re.findall(r"Profile (\d{4})", unicodedata.normalize("NFKC", text)))
        if names != {stem.split("-")[1]}:
            problems.append(f"{pdf.name}: names {sorted(names)}")
    extra = sorted(p.name for p in out_dir.iterdir() if p.stem not in expected)
    if extra:
        problems.append(f"unexpected files: {extra[:10]}")
    for line in problems:
        print(line)
    print(f"checked {len(expected)} handouts: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
