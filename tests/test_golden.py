"""Golden outputs: the same answers and --date give the same plan JSON and the same PDF bytes.

A refactor must not change what a reader gets. Twelve profiles, each in every
shipped locale, are planned and rendered; their SHA-256 digests are compared
with tests/golden/digests.json. When a change to the handout is meant, run
`python tests/test_golden.py --update` and commit the new digests with it.

PDF bytes also depend on the ReportLab and font-package versions, so the file
records them; under other versions the PDF's text (read back with pypdf) is
compared instead of its bytes, and the plan JSON always is.

Cost: 132 cases, each planned and rendered through main() in this process. The
PDF text is read back only when it is compared (another toolchain) or recorded
(--update): pypdf takes as long as the render. The templates are read once per
worker process (their loader is memoised for these tests), since reading them is
most of a `plan` run and gives the same frozen Content every time.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Callable, Iterator
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
TOOLCHAIN = ("reportlab", "fontpkg-pt-sans", "fontpkg-fira-sans", "fontpkg-ibm-plex-sans-arabic", "uharfbuzz",
             "python-bidi", "fonttools", "justmytype-intl-cjk", "deflate")

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
    "osteoporosis": {"age": 66, "conditions": ["osteoporosis"], "onset": "gradual", "region": "JP"},
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


def outputs(name: str, lang: str, folder: Path, *, text: bool = True) -> dict[str, str]:
    """Digests of the plan JSON, the PDF bytes and (if `text`) the PDF text for one profile in one language."""
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
    got = {"plan": digest(plan_out.getvalue().encode()), "pdf": digest(pdf)}
    if text:
        got["text"] = digest(_pdf_text(pdf).encode())
    return got


def toolchain() -> dict[str, str]:
    return {name: metadata.version(name) for name in TOOLCHAIN}


CASES = [(name, lang) for name in PROFILES for lang in i18n.available_locales()]


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def same_toolchain(recorded: dict) -> bool:
    """True when this ReportLab and these fonts wrote the recorded bytes (then the bytes are compared)."""
    return bool(recorded["toolchain"] == toolchain())


@pytest.fixture(scope="module", autouse=True)
def templates_read_once() -> Iterator[None]:
    """Memoise the template loader for this module: the same arguments give an equal, frozen Content,
    and reading the YAML is most of a plan's time. Templates are never changed by these tests."""
    from careplan.content import loading as content_mod

    real: Callable[..., object] = content_mod.load
    loaded: dict[tuple, object] = {}

    def load(root: Path | None = None, *, all_pictures: bool = False) -> object:
        key = (root, all_pictures)
        if key not in loaded:
            loaded[key] = real(root, all_pictures=all_pictures)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(content_mod, "load", load)
        yield


def test_every_case_is_recorded(recorded: dict) -> None:
    assert sorted(recorded["cases"]) == sorted(f"{n}/{lang}" for n, lang in CASES), \
        "profiles or locales changed: run python tests/test_golden.py --update"


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_same_plan_and_pdf(recorded: dict, same_toolchain: bool, tmp_path: Path, name: str, lang: str) -> None:
    want = recorded["cases"].get(f"{name}/{lang}")
    assert want, f"{name}/{lang} not recorded: run python tests/test_golden.py --update"
    got = outputs(name, lang, tmp_path, text=not same_toolchain)
    assert got["plan"] == want["plan"], "the plan JSON changed"
    if same_toolchain:
        assert got["pdf"] == want["pdf"], "the PDF bytes changed"
    else:  # other ReportLab or font versions write other bytes; the words must still be the same
        assert got["text"] == want["text"], "the PDF text changed"


def _update() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        cases = {f"{n}/{lang}": outputs(n, lang, Path(folder)) for n, lang in CASES}
    DIGESTS.write_text(json.dumps({"toolchain": toolchain(), "cases": cases}, indent=1, sort_keys=True) + "\n",
                       encoding="utf-8")
    print(f"{len(cases)} cases written to {DIGESTS.relative_to(ROOT)}")


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    _update()
