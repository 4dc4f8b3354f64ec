"""The cached slice of babel's locale data writes dates and lists exactly as babel does;
a bad cache entry is ignored and rebuilt; a handout run with the slice cached never imports babel."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.dates import format_date
from babel.lists import format_list
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.i18n import cldr_slice
from careplan.i18n.catalog_files import catalog_ids
from careplan.i18n.translation import Translator

ROOT = Path(__file__).resolve().parents[1]
# every shipped locale, the regional variants a reader's country gives, and a few more CLDR patterns
TAGS = sorted({"en", *catalog_ids(), "en_GB", "en_US", "en_AU", "es_MX", "pt_BR", "fr_CA", "de_AT", "zh_Hant",
               "ar_EG", "ja", "ko", "fa", "he", "hu", "lt", "vi", "th", "el", "hi"})


@pytest.fixture(scope="module")
def slices(tmp_path_factory) -> dict[str, cldr_slice.Slice]:
    folder = tmp_path_factory.mktemp("locale-data")
    out = {}
    for tag in TAGS:
        built = cldr_slice.get.__wrapped__(tag, folder)  # a miss: from babel, stored
        again = cldr_slice.get.__wrapped__(tag, folder)  # a hit: read back
        assert built == again and built is not None
        out[tag] = again
    return out


def test_every_shipped_locale_has_its_dates_sliced(slices) -> None:
    for tag in ("en", *catalog_ids()):
        assert slices[tag].date_format is not None, tag


@settings(max_examples=300)
@given(date=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), data=st.data())
def test_dates_are_babels(slices, date, data) -> None:
    tag = data.draw(st.sampled_from(TAGS))
    s = slices[tag]
    if s.date_format is not None:
        assert s.format_date(date) == format_date(date, format="long", locale=tag)


@settings(max_examples=300)
@given(items=st.lists(st.text(min_size=0, max_size=8), min_size=0, max_size=5), data=st.data())
def test_lists_are_babels(slices, items, data) -> None:
    tag = data.draw(st.sampled_from(TAGS))
    assert slices[tag].format_list(items) == format_list(items, locale=tag)


def test_character_order_and_regional_variants_are_babels(slices) -> None:
    for tag, s in slices.items():
        assert s.rtl == (Locale.parse(tag).character_order == "right-to-left")
    assert slices["ar"].rtl and not slices["en"].rtl
    assert "en_gb" in slices["en"].regional and "es_mx" in slices["es"].regional


def test_the_translator_prints_what_babel_prints() -> None:
    date = dt.date(2026, 11, 22)
    for loc in ("en", *catalog_ids()):
        for region in (None, "GB", "MX", "US", "EG"):
            t = Translator.for_locale(loc).in_region(region)
            assert t.format_date(date) == format_date(date, "long", locale=t.babel_locale).replace("\u202f", "\u00a0")
            assert t.format_list(["a", "b", "c"]) == format_list(["a", "b", "c"], locale=t.babel_locale)
            tag = f"{loc}_{region}"
            assert t.babel_locale == (tag if region and localedata.exists(tag) else loc)  # as before the slice


def _entry(folder: Path, tag: str) -> Path:
    (path,) = folder.glob(f"{tag}-*.bin")
    return path


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "other_format", "wrong_locale"])
def test_a_bad_entry_is_ignored_and_rebuilt(tmp_path, damage) -> None:
    good = cldr_slice.get.__wrapped__("ru", tmp_path)
    path = _entry(tmp_path, "ru")
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:-7])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "garbage":
        path.write_bytes(b"\x00" * 50)
    elif damage == "other_format":
        path.write_bytes(data.replace(cldr_slice.FORMAT, b"careplan-cldr-0\n"))
    else:  # an intact entry of another locale under this name
        cldr_slice.get.__wrapped__("uk", tmp_path)
        path.write_bytes(_entry(tmp_path, "uk").read_bytes())
    assert cldr_slice.get.__wrapped__("ru", tmp_path) == good
    assert path.read_bytes() == data  # rebuilt in place


def test_an_unusable_folder_is_no_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert cldr_slice.get.__wrapped__("ru", blocker / "sub") == cldr_slice.build("ru")


def test_an_unknown_locale_has_no_slice(tmp_path) -> None:
    assert cldr_slice.get.__wrapped__("xx_YY", tmp_path) is None
    assert not list(tmp_path.iterdir())


def test_a_cached_run_imports_no_babel(tmp_path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}  # the careplan installed, as users run it
    for loc in ("en", "ru", "ar", "zh"):
        cmd = [sys.executable, "-X", "importtime", "-m", "careplan",
               "--answers", str(ROOT / "examples" / "sciatica.yaml"), "--lang", loc,
               "-o", str(tmp_path / f"{loc}.pdf"), "--date", "2026-11-22"]
        first = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        assert " babel" in first.stderr  # the first run takes the slices from babel
        second = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        assert " babel" not in second.stderr, loc
        assert " yaml.reader" in second.stderr  # the answers file is still YAML (a real check of the output)
