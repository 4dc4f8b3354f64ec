"""render/flate.py: the PDF's Flate streams come from libdeflate, and any zlib reader reads them."""

from __future__ import annotations

import datetime as dt
import re
import zlib

from hypothesis import given, settings
from hypothesis import strategies as s

from careplan.contract import answers
from careplan.planning.planner import make_plan
from careplan.render import flate
from careplan.render.handout import HandoutOptions, render_handout
from tests.conftest import EXAMPLES


@settings(max_examples=200, deadline=None)
@given(s.one_of(s.binary(max_size=5000), s.text(max_size=2000)), s.sampled_from([flate.PAGE_LEVEL, flate.KEPT_LEVEL]))
def test_any_data_comes_back_whole_through_zlib(data: bytes | str, level: int) -> None:
    out = flate.compress(data, level)
    assert type(out) is bytes  # ReportLab writes anything else as its repr
    assert zlib.decompress(out) == (data.encode("utf8") if isinstance(data, str) else data)


def test_every_stream_of_a_handout_is_libdeflates_and_reads_back(content) -> None:
    """Each stream of a handout (pages, font files, maps) is what flate makes of its content,
    and is read back by zlib, as by a PDF reader; the fonts are compressed harder than the pages."""
    a = answers.load(EXAMPLES / "sciatica.yaml")
    pdf = render_handout(a, make_plan(a, content, locale="ru", region=a.region), content,
                         HandoutOptions(date=dt.date(2026, 11, 22)))
    streams = re.findall(rb"<<([^<>]*(?:<<[^<>]*>>[^<>]*)*)>>\s*stream\n(.*?)endstream", pdf, re.S)
    kinds = set()
    for head, data in streams:
        assert b"/FlateDecode" in head
        raw = zlib.decompress(data)
        kept = b"/Length1" in head or raw.startswith(b"/CIDInit")  # a font file or a map: made once
        kinds.add(kept)
        assert data == flate.compress(raw, flate.KEPT_LEVEL if kept else flate.PAGE_LEVEL)
    assert kinds == {True, False}
