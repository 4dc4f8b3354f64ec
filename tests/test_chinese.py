"""Simplified Chinese (zh): negotiation, the Noto Sans SC fallback, line breaking, the golden profiles.

The font comes from the extra careplan[cjk] (the test extra installs it);
its Regular and Bold instances are cut once per test session into the
session's throwaway cache (conftest), so the first zh render here is slow.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan import i18n
from careplan.cli import main
from careplan.errors import CareplanError
from careplan.render import cjk, fonts, instances

from .test_golden import OPTIONS, PROFILES, _answers

pypdf = pytest.importorskip("pypdf")
HAN = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("asked", ["zh", "zh_CN", "zh-CN", "zh_Hans", "zh-Hans-CN", "zh_CN.UTF-8", "ZH_cn"])
def test_simplified_chinese_tags_reach_the_catalog(asked: str) -> None:
    assert i18n.negotiate(asked) == "zh"


@pytest.mark.parametrize("asked", ["zh_TW", "zh_HK", "zh_MO", "zh-Hant", "zh-Hant-TW", "zh_TW.UTF-8"])
def test_traditional_chinese_is_never_handed_simplified(asked: str) -> None:
    with pytest.raises(CareplanError) as info:
        i18n.negotiate(asked)
    assert asked in str(info.value) and "zh" in str(info.value).split("available:")[1]
    assert i18n.negotiate(asked, strict=False) == "en"  # the system locale: as any unknown language


def test_break_rules() -> None:
    assert cjk.chunks("请（立即）拨打120，好吗？") == ["请", "（立", "即）", "拨", "打", "120，", "好", "吗？"]
    assert cjk.chunks("Walk 10 minutes, twice.") == ["Walk", "10", "minutes,", "twice."]
    assert not cjk.can_break("打", "，") and not cjk.can_break("“", "何") and not cjk.can_break("1", "0")
    assert cjk.can_break("打", "1") and cjk.can_break("。", "请")


def _shape(value: object) -> object:
    """A FragLine (or anything in it) as plain data, to compare two line makers' work."""
    if hasattr(value, "__dict__") and not isinstance(value, type):
        return (type(value).__name__, {k: _shape(v) for k, v in vars(value).items()})
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return value


TEXTS = st.text(alphabet=st.sampled_from(list("请立即拨打急救电话如果腿无力，。（）“”：；、 abc10-") + ["\n"]),
                min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=4), bold=st.lists(st.booleans(), min_size=4, max_size=4),
       cut=st.tuples(st.floats(0, 1), st.floats(0, 1)), bounds=st.booleans())
def test_the_line_maker_makes_reportlabs_lines(texts: list[str], bold: list[bool], cut: tuple[float, float],
                                               bounds: bool) -> None:
    """make_line gives the FragLine ReportLab's makeCJKParaLine gives for the same characters,
    for any stretch of runs in two weights, line breaks and empty runs."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import cjkU, makeCJKParaLine

    fonts.register_fallback(fonts.CJK)
    style = ParagraphStyle("t", fontName=fonts.CJK.name, fontSize=11, leading=14, wordWrap="CJK")
    markup = "".join(f"<b>{t}</b>" if b else t for t, b in zip(texts, bold, strict=False)).replace("\n", "<br/>")
    para = cjk.paragraph_class()(markup, style)
    frag_of, chars, _, _, run_end = cjk._cells(para.frags)
    units = [cjkU(c, f, "utf8") for f in para.frags for c in (f.text or [""])]  # ReportLab's own
    assert [str(u) for u in units] == chars and [u.frag for u in units] == frag_of
    start, end = sorted(round(c * len(units)) for c in cut)
    if start == end:
        start, end = 0, len(units)
    ours = cjk.make_line(frag_of, chars, run_end, start, end, 100.0, 50.0, 50.0, False, bounds)
    assert _shape(ours) == _shape(makeCJKParaLine(units[start:end], 100.0, 50.0, 50.0, False, bounds))


def _reference_split(frags, max_widths, calc_bounds):
    """split_lines from ReportLab's own pieces: a cjkU per character (its width from stringWidth,
    its frag), can_break asked pair by pair, and the lines made by ReportLab's makeCJKParaLine,
    placed where line_ends puts them."""
    from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine

    units = [cjkU(c, f, "utf8") for f in frags for c in (f.text or [""])]
    chars = [str.__str__(u) for u in units]
    ends = cjk.line_ends(chars, [u.width for u in units], [hasattr(u.frag, "lineBreak") for u in units], max_widths)
    return ParaLines(kind=1, lines=[makeCJKParaLine(units[start:end], width, used, width - used, line_break,
                                                    calc_bounds) for start, end, line_break, width, used in ends])


@settings(max_examples=120, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=5), bold=st.lists(st.booleans(), min_size=5, max_size=5),
       widths=st.lists(st.floats(min_value=12, max_value=300), min_size=1, max_size=3), bounds=st.booleans())
def test_the_split_is_the_one_reportlabs_own_pieces_make(texts: list[str], bold: list[bool], widths: list[float],
                                                         bounds: bool) -> None:
    """split_lines reads widths, frags and runs in bulk: the same lines as ReportLab's cjkU,
    stringWidth and makeCJKParaLine give where line_ends breaks (runs in two weights, empty runs,
    line breaks, spaces at line ends, several line widths)."""
    from reportlab.lib.styles import ParagraphStyle

    fonts.register_fallback(fonts.CJK)
    style = ParagraphStyle("t", fontName=fonts.CJK.name, fontSize=11, leading=14, wordWrap="CJK")
    markup = "".join(f"<b>{t}</b>" if b else t for t, b in zip(texts, bold, strict=False)).replace("\n", "<br/>")
    para = cjk.paragraph_class()(markup, style)
    assert _shape(cjk.split_lines(para.frags, widths, bounds)) == _shape(_reference_split(para.frags, widths, bounds))


def test_break_points_are_can_break_for_every_pair() -> None:
    text = list("请（立即）拨打120，好吗？ Walk 10 minutes, twice.“引”《书》") + ["", "a", " ", ""]
    assert cjk._break_points(text) == [False] + [cjk.can_break(a, b) for a, b in itertools.pairwise(text)]


def _render(tmp_path: Path, name: str, lang: str = "zh", answers: dict | None = None) -> bytes:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(answers or _answers(name), allow_unicode=True), encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    err = io.StringIO()
    status = main(["--answers", str(path), "--lang", lang, "--date", "2026-11-28", "-o", str(out),
                   *OPTIONS.get(name, [])], stdout=io.StringIO(), stderr=err)
    assert status == 0, err.getvalue()
    return out.read_bytes()


def _lines(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [line.strip() for page in reader.pages for line in (page.extract_text() or "").splitlines()]


@pytest.mark.parametrize("name", list(PROFILES))
def test_every_profile_prints_in_chinese(tmp_path: Path, name: str) -> None:
    pdf = _render(tmp_path, name)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert len(HAN.findall(text)) > 50
    assert fonts.REPLACEMENT not in text.replace("？", "")  # no character fell back to '?'
    embedded = {str(f["/BaseFont"]) for page in reader.pages
                for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("NotoSansSC-Regular" in n for n in embedded) and any("NotoSansSC-Bold" in n for n in embedded)
    for page in reader.pages:  # every font embedded: no unembedded built-in CID font
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            desc = f["/DescendantFonts"][0].get_object() if "/DescendantFonts" in f else f
            assert "/FontFile2" in desc["/FontDescriptor"], f["/BaseFont"]
    for line in _lines(pdf):
        assert not line or line[0] not in "，。、；：？！）」』”", line
        assert not line or line[-1] not in "（「『“", line


def test_a_chinese_name_on_an_english_handout(tmp_path: Path) -> None:
    pdf = _render(tmp_path, "acute-lumbago", "en", {**_answers("acute-lumbago"), "patient_name": "王小明"})
    assert "王小明" in "".join(_lines(pdf))


def test_a_chinese_handout_draws_its_own_text_from_the_gb2312_cut() -> None:
    """Every character of the zh catalog is in PT Sans or the smaller GB 2312 cut (fonts.CJK),
    so a Chinese handout never loads the whole font for its own words. A translator who uses a
    rarer character sees this fail (the handout would still print, only slower)."""
    from babel.messages.pofile import read_po

    own = set()
    for po in (ROOT / "locales" / "zh").rglob("*.po"):
        with po.open("rb") as f:
            for message in read_po(f):
                for text in message.string if isinstance(message.string, tuple) else (message.string,):
                    own |= set(text or "")
    assert len(own) > 500
    beyond = {c for c in own if not c.isspace() and ord(c) not in fonts.regular_cmap()
              and ord(c) not in fonts.fallback_cmap(fonts.CJK)}
    assert not beyond, sorted(beyond)
    assert fonts.CJK.charset and all(fonts.in_charset(c, fonts.CJK.charset) for c in fonts.fallback_cmap(fonts.CJK))


def test_a_rare_character_of_a_name_comes_from_the_whole_font(tmp_path: Path) -> None:
    """U+4DAE is not in GB 2312: it is drawn by the whole font's cut, under its own face name
    (two fonts under one name draw with the first one: the character came out as a box)."""
    everything = next(fb for fb in fonts.FALLBACKS if fb.cjk and fb.charset is None)
    assert 0x4DAE not in fonts.fallback_cmap(fonts.CJK) and 0x4DAE in fonts.fallback_cmap(everything)
    assert fonts.font_for("李䶮明") is everything and fonts.font_for("李明") is fonts.CJK
    pdf = _render(tmp_path, "acute-lumbago", "zh", {**_answers("acute-lumbago"), "patient_name": "李䶮明"})
    assert "李䶮明" in "".join(_lines(pdf))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    programs: dict[str, set[bytes]] = {}
    for page in reader.pages:
        for f in (page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            program = f["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            programs.setdefault(str(f["/BaseFont"]), set()).add(program)
    assert any("NotoSansSCAll-Regular" in n for n in programs) and any("NotoSansSC-Regular" in n for n in programs)
    assert all(len(found) == 1 for found in programs.values()), "two font programs under one name"


def test_the_first_cut_in_a_fresh_cache_folder_is_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parallel runs (a batch's workers) wait for one cut of a weight: the lock beside the entry
    is held while it is cut, the first time too, when the cache folder does not exist yet."""
    locked: list[bool] = []
    folder = tmp_path / "fresh" / "fonts"

    def cut(source: Path, weight: int, chars: object) -> bytes:
        locked.append(any(p.name.endswith(".lock") for p in folder.iterdir()) if folder.exists() else False)
        return b"font bytes"

    monkeypatch.setattr(instances, "_cut", cut)
    source = tmp_path / "Font[wght].ttf"
    source.write_bytes(b"variable")
    instances.instance_bytes(source, 400, folder)
    assert locked == [True]


def test_without_the_font_zh_refuses_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(fonts.LOCALE_FONTS, "zh", fonts.Fallback("X", "no_such_font_package", "x.ttf", None))
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(_answers("acute-lumbago")), encoding="utf-8")
    err = io.StringIO()
    status = main(["--answers", str(path), "--lang", "zh", "-o", str(tmp_path / "h.pdf")],
                  stdout=io.StringIO(), stderr=err)
    assert status == 2 and not (tmp_path / "h.pdf").exists()
    assert err.getvalue().count("\n") == 1 and "pip install 'careplan[cjk]'" in err.getvalue()


def test_instance_cache_is_verified_and_never_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cuts: list[int] = []
    monkeypatch.setattr(instances, "_cut", lambda source, weight, chars: cuts.append(weight) or b"font bytes")
    source = tmp_path / "Font[wght].ttf"
    source.write_bytes(b"variable")
    first = instances.instance_bytes(source, 400, tmp_path / "cache")
    kept = instances.instance_bytes(source, 400, tmp_path / "cache")  # read back, mapped
    assert kept.path == first.path and cuts == [400]
    assert bytes(kept.data) == first.path.read_bytes() and bytes(kept.data).startswith(b"font bytes")
    assert kept.crc == first.crc == zlib.crc32(first.path.read_bytes())  # what faces.font checks against
    for damaged in (first.path.read_bytes()[:-3], b"fonT" + first.path.read_bytes()[4:]):  # truncated, changed
        first.path.write_bytes(damaged)
        again = instances.instance_bytes(source, 400, tmp_path / "cache")  # cut again, replaced
        assert again.path == first.path and bytes(again.data) == first.path.read_bytes() != damaged
    assert cuts == [400, 400, 400]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    temp = instances.instance_bytes(source, 700, blocked / "cache")  # unwritable: a temporary file
    assert temp.path.read_bytes().startswith(b"font bytes") and not str(temp.path).startswith(str(blocked))
    assert temp.crc == zlib.crc32(temp.path.read_bytes()) and cuts[-1] == 700


@pytest.mark.parametrize(("lang", "name"), [("ar", "王小明"), ("zh", "سارة")])
def test_chinese_in_a_shaped_paragraph_with_the_weights_read_from_the_cache(tmp_path: Path, lang: str,
                                                                           name: str) -> None:
    """Every word of a shaped paragraph is shaped, Chinese ones too, and HarfBuzz takes the font's
    bytes as bytes only: a cut weight read back from the cache (mapped, not copied) failed there
    with a TypeError on every run after the first. Two runs in fresh processes, the second with
    the weights in the cache."""
    import os
    import subprocess
    import sys

    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump({**_answers("acute-lumbago"), "patient_name": name}, allow_unicode=True),
                    encoding="utf-8")
    for run in ("first", "second"):
        out = tmp_path / f"{run}.pdf"
        done = subprocess.run([sys.executable, "-m", "careplan", "--answers", str(path), "--lang", lang,
                               "--date", "2026-11-22", "-o", str(out)], capture_output=True, text=True,
                              env=dict(os.environ), check=False)
        assert done.returncode == 0 and out.exists(), (run, done.stderr[-600:])
    assert name in "".join(_lines(out.read_bytes())).replace(" ", "")
