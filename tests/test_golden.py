"""Golden outputs: the same answers and --date give the same plan JSON and the same PDF bytes.

A refactor must not change what a reader gets. Twelve profiles, each in every
shipped locale, are planned and rendered; their SHA-256 digests are compared
with tests/golden/digests.json. When a change to the handout is meant, run
`python tests/test_golden.py --update` and commit the new digests with it.

PDF bytes also depend on the ReportLab and font-package versions, so the file
records them; under other versions the PDF's text (read back with pypdf) is
compared instead of its bytes, and the plan JSON always is.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":  # the --update run, outside pytest
    sys.path.insert(0, str(ROOT / "src"))

from careplan import i18n  # noqa: E402
from careplan.cli import main  # noqa: E402

DIGESTS = ROOT / "tests" / "golden" / "digests.json"
DATE = "2026-11-28"
TOOLCHAIN = ("reportlab", "fontpkg-pt-sans", "fontpkg-fira-sans", "uharfbuzz", "fonttools", "justmytype-intl-cjk")

BASE = {"version": 1, "age": 40, "locations": ["lower_back"], "duration": "under_1_week",
        "onset": "sudden", "activity": "moderate", "region": "GB"}
PROFILES: dict[str, dict] = {
    "acute-lumbago": {},
    "emergency-saddle": {"red_flags": ["saddle_numbness"]},
    "fever": {"red_flags": ["fever"], "onset": "gradual"},
    "sciatica": {"radiation": ["below_knee"], "duration": "1_to_6_weeks", "region": "US"},
    "pregnancy": {"age": 31, "pregnancy": "third_trimester", "region": "ES",
                  "daily_activities": ["standing_long", "carrying_children"]},
    "child": {"age": 9, "region": "DE"},
    "teen": {"age": 14, "locations": ["neck"], "region": "FR"},
    "older-fall": {"age": 78, "cause": "minor_fall", "region": "NZ"},
    "osteoporosis": {"age": 66, "conditions": ["osteoporosis"], "region": "JP"},
    "long-lasting": {"duration": "over_12_weeks", "onset": "gradual", "region": "PL"},
    "neck-clinic": {"age": 27, "locations": ["neck", "upper_back"], "onset": "gradual", "region": "RU",
                    "clinic": {"name": "Riverside <Practice> & Co", "phone": "+44 20 7946 0000",
                               "clinician": "Dr J. Okafor", "follow_up": "2026-12-04",
                               "notes": "Walk 10 minutes twice a day."}},
    "large-print-letter": {"age": 52, "region": "US", "radiation": ["buttock_or_thigh"]},
}
OPTIONS = {"large-print-letter": ["--large-print", "--paper", "letter"]}


def _answers(name: str) -> dict:
    return {**BASE, **PROFILES[name]}


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def outputs(name: str, lang: str, folder: Path) -> dict[str, str]:
    """Digests of the plan JSON, the PDF bytes and the PDF text for one profile in one language."""
    answers = folder / f"{name}.yaml"
    answers.write_text(yaml.safe_dump(_answers(name), allow_unicode=True), encoding="utf-8")
    plan_out = io.StringIO()
    status = main(["plan", "--answers", str(answers), "--lang", lang], stdout=plan_out, stderr=io.StringIO())
    assert status == 0, (name, lang, "plan", status)
    pdf_path = folder / f"{name}-{lang}.pdf"
    status = main(["--answers", str(answers), "--lang", lang, "--date", DATE, "-o", str(pdf_path),
                   *OPTIONS.get(name, [])], stdout=io.StringIO(), stderr=io.StringIO())
    assert status == 0, (name, lang, "render", status)
    pdf = pdf_path.read_bytes()
    pdf_path.unlink()
    digest = lambda data: hashlib.sha256(data).hexdigest()  # noqa: E731
    return {"plan": digest(plan_out.getvalue().encode()), "pdf": digest(pdf),
            "text": digest(_pdf_text(pdf).encode())}


def toolchain() -> dict[str, str]:
    return {name: metadata.version(name) for name in TOOLCHAIN}


CASES = [(name, lang) for name in PROFILES for lang in i18n.available_locales()]


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


def test_every_case_is_recorded(recorded: dict) -> None:
    assert sorted(recorded["cases"]) == sorted(f"{n}/{l}" for n, l in CASES), \
        "profiles or locales changed: run python tests/test_golden.py --update"


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{l}" for n, l in CASES])
def test_same_plan_and_pdf(recorded: dict, tmp_path: Path, name: str, lang: str) -> None:
    want = recorded["cases"].get(f"{name}/{lang}")
    assert want, f"{name}/{lang} not recorded: run python tests/test_golden.py --update"
    got = outputs(name, lang, tmp_path)
    assert got["plan"] == want["plan"], "the plan JSON changed"
    if recorded["toolchain"] == toolchain():
        assert got["pdf"] == want["pdf"], "the PDF bytes changed"
    else:  # other ReportLab or font versions write other bytes; the words must still be the same
        assert got["text"] == want["text"], "the PDF text changed"


def _update() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        cases = {f"{n}/{l}": outputs(n, l, Path(folder)) for n, l in CASES}
    DIGESTS.write_text(json.dumps({"toolchain": toolchain(), "cases": cases}, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
    print(f"{len(cases)} cases written to {DIGESTS.relative_to(ROOT)}")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    _update()
