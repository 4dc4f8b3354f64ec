"""careplan/lazyimport.py: what ReportLab imports and compiles that a handout does not use waits
for its first use, and a handout is the same bytes either way."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from careplan import lazyimport

ROOT = Path(__file__).resolve().parents[1]

# Renders three handouts in this process and prints, as JSON, each PDF's bytes as hex, what
# ReportLab's paragraph module makes of some web addresses, and which of the deferred things
# were loaded or compiled. EAGER imports them all first, as a plain `import reportlab.platypus`
# does (HarfBuzz is imported at once either way; it is listed to show the Arabic handout has it).
SCRIPT = """
import io, json, sys
EAGER = sys.argv[1] == "eager"
if EAGER:
    import PIL.Image, reportlab.platypus
from careplan.cli import main
out = {}
for lang in ("en", "ar", "zh"):
    path = f"{sys.argv[2]}/{lang}.pdf"
    status = main(["--answers", sys.argv[3], "--lang", lang, "-o", path, "--date", "2026-11-22"],
                  stdout=io.StringIO(), stderr=io.StringIO())
    assert status == 0, status
    out[lang] = open(path, "rb").read().hex()
import types
from careplan.lazyimport import Later
loaded = {name: type(sys.modules.get(name)) is types.ModuleType for name in ("PIL.Image", "uharfbuzz")}
compiled = {f"{m}.{k}": v._compiled is not None for m in ("reportlab.platypus.paragraph",
            "reportlab.lib.textsplit", "reportlab.lib.PyFontify")
            for k, v in vars(sys.modules[m]).items() if isinstance(v, Later)}
from reportlab.platypus import paragraph
uris = [paragraph._uri_split_pairs(u) for u in ("https://example.org/back/neck-pain?lang=en",
        "example.org/a/b/c", "not a web address", "http://192.168.0.1:8080/x", "ftp://xn--bcher-kva.example/")]
print(json.dumps({"pdf": out, "loaded": loaded, "compiled": compiled, "uris": uris}))
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    answers = ROOT / "examples" / "sciatica.yaml"
    found = {}
    for mode in ("lazy", "eager"):
        folder = tmp_path_factory.mktemp(mode)
        done = subprocess.run([sys.executable, "-c", SCRIPT, mode, str(folder), str(answers)],
                              capture_output=True, text=True, check=False, cwd=folder)
        assert done.returncode == 0, done.stderr
        found[mode] = json.loads(done.stdout)
    return found


def test_a_handout_is_the_same_bytes_with_everything_imported_at_once(runs: dict[str, dict]) -> None:
    assert runs["lazy"]["pdf"] == runs["eager"]["pdf"]
    assert runs["lazy"]["uris"] == runs["eager"]["uris"]  # the web-address pattern, compiled on that use
    assert runs["lazy"]["uris"][0] and runs["lazy"]["uris"][2] is None  # and it does tell one


def test_a_handout_leaves_pillow_and_reportlab_s_unused_patterns_alone(runs: dict[str, dict]) -> None:
    lazy = runs["lazy"]
    # Pillow never loads (careplan draws no raster image); HarfBuzz is loaded as ever
    assert lazy["loaded"] == {"PIL.Image": False, "uharfbuzz": True}
    # three handouts compiled none of them (the web addresses are looked at after this was noted)
    assert not any(lazy["compiled"].values()), lazy["compiled"]
    assert len(lazy["compiled"]) >= 8  # the paragraph module's seven, textsplit's and PyFontify's
    assert runs["eager"]["loaded"] == {"PIL.Image": True, "uharfbuzz": True}


def test_the_finder_answers_only_for_its_modules_and_stays_out_of_the_way() -> None:
    """Once each module was found it answers nothing, and it never leaves sys.meta_path while
    Python walks it (that would skip the finder after it)."""
    finder = lazyimport._Finder(frozenset({"careplan_test_pattern_mod"}), frozenset())
    assert finder.find_spec("json", None) is None
    assert finder.find_spec("careplan_test_pattern_mod", None) is None  # no such module: nothing to wrap
    assert finder.find_spec("careplan_test_pattern_mod", None) is None and not finder.left


@pytest.mark.parametrize("module", sorted(lazyimport.PATTERNS_LATER))
def test_a_pattern_compiled_later_is_only_ever_used_by_its_methods(module: str) -> None:
    """A Later hands on attributes; passed to re.match or isinstance(.., re.Pattern) it would fail.
    So in each module named, every name bound at import to re.compile(...) appears only as NAME.attr."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names = {target.id for node in tree.body if isinstance(node, ast.Assign)
             and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "re.compile"
             for target in node.targets if isinstance(target, ast.Name)}
    assert names, f"{module} compiles no pattern at import any more: take it out of PATTERNS_LATER"
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load):
            assert isinstance(parents[node], ast.Attribute), f"{module}: {node.id} used as a value, line {node.lineno}"


def test_harfbuzz_missing_means_no_shaping(monkeypatch: pytest.MonkeyPatch) -> None:
    from careplan.render import shaping

    shaping.can_shape.cache_clear()
    monkeypatch.setitem(sys.modules, "uharfbuzz", None)  # as when it is not installed
    try:
        assert shaping.can_shape() is False
    finally:
        shaping.can_shape.cache_clear()
