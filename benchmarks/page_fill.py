"""Page count and fill of every page for the example handouts.

Run: python benchmarks/page_fill.py [--large-print]
For each example, language (every shipped one, or --lang LL ...) and paper: the page count and, per page, how far
down the content reaches (share of the usable height, 1.0 = down to the
bottom margin). The tests assert the rules; this prints the numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from careplan.content import loading as content_mod  # noqa: E402
from careplan.contract import answers as answers_mod  # noqa: E402
from careplan.planning.planner import make_plan  # noqa: E402
from careplan.render.handout import HandoutOptions, render_handout  # noqa: E402
from careplan.render.layout import MARGIN  # noqa: E402

EXAMPLES = ["acute-lumbago.yaml", "neck-office.yaml", "sciatica.yaml", "pregnancy-28-weeks.yaml"]
DATE = dt.date(2026, 11, 28)
LANGS = ["en", "ar", "de", "es", "fr", "it", "pl", "pt", "ru", "tr", "uk", "zh"]


def page_fill(pdf: bytes) -> list[float]:
    """For each page, the share of the usable height the content reaches down to
    (the lowest text baseline above the footer; pictures and tables always end
    in or above text)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fills = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        top, bottom = height - MARGIN, MARGIN * 1.1
        lowest = [height]

        def visit(text, cm, tm, font, size, lowest=lowest):
            if not text.strip():
                return
            y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            if y > MARGIN * 0.9:  # the footer sits at MARGIN / 2
                lowest[0] = min(lowest[0], y)

        page.extract_text(visitor_text=visit)
        fills.append(round((top - lowest[0]) / (top - bottom), 3))
    return fills


def render(content, name: str, lang: str, paper: str, large: bool) -> bytes:
    a = answers_mod.load(ROOT / "examples" / name)
    plan = make_plan(a, content, locale=lang, region=a.region)
    return render_handout(a, plan, content, HandoutOptions(date=DATE, paper=paper, large_print=large))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--large-print", action="store_true")
    ap.add_argument("--lang", action="append", help="only these languages (default: every shipped one)")
    args = ap.parse_args()
    content = content_mod.load()
    for name in EXAMPLES:
        for lang in args.lang or LANGS:
            for paper in ("a4", "letter"):
                fills = page_fill(render(content, name, lang, paper, args.large_print))
                print(f"{name:26} {lang} {paper:6} {len(fills)} pages  " + " ".join(f"{f:.2f}" for f in fills))


if __name__ == "__main__":
    main()
