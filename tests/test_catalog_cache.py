"""The compiled-catalog cache: what is printed never depends on it."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import marshal
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from careplan import i18n, paths
from careplan.contract import answers as answers_mod
from careplan.files import cachefile
from careplan.i18n import catalog_cache, translation
from careplan.planning.planner import make_plan
from careplan.render.handout import HandoutOptions, render_handout

from .conftest import EXAMPLES


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    translation.compiled_catalog.cache_clear()
    yield tmp_path / "xdg" / "careplan" / "catalogs"
    translation.compiled_catalog.cache_clear()


def _pdf(content, locale: str) -> bytes:
    translation.compiled_catalog.cache_clear()  # as a new process would: nothing kept in memory
    a = answers_mod.load(EXAMPLES / "sciatica.yaml")
    plan = make_plan(a, content, locale=locale, region="GB")
    return render_handout(a, plan, content, HandoutOptions(date=dt.date(2026, 11, 22)))


def _entries(folder: Path, locale: str) -> list[Path]:
    return sorted(folder.glob(f"{locale}-*.bin"))


def _compile_counter(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = translation.compile_po

    def counting(po_bytes: bytes):
        calls.append(1)
        return real(po_bytes)

    monkeypatch.setattr(translation, "compile_po", counting)
    return calls


@pytest.mark.parametrize("loc", ["ru", "es"])
def test_a_cache_hit_prints_what_a_miss_prints(content, cache, monkeypatch, loc) -> None:
    calls = _compile_counter(monkeypatch)
    miss = _pdf(content, loc)
    assert len(calls) == 1 and len(_entries(cache, loc)) == 1
    hit = _pdf(content, loc)
    assert len(calls) == 1  # read back, not compiled again
    assert hit == miss


def _same_as_parsed(tr: gettext.GNUTranslations, mo: bytes) -> None:
    """`tr` holds what gettext's parser makes of `mo`: messages, headers, charset, plural rule."""
    parsed = gettext.GNUTranslations(io.BytesIO(mo))
    assert type(tr) is gettext.GNUTranslations
    assert tr._catalog == parsed._catalog and tr._info == parsed._info and tr._charset == parsed._charset
    assert [tr.plural(n) for n in [*range(300), 1001, 1_000_002]] == \
        [parsed.plural(n) for n in [*range(300), 1001, 1_000_002]]
    assert [tr.ngettext("Repeat {n} time.", "Repeat {n} times.", n) for n in range(12)] == \
        [parsed.ngettext("Repeat {n} time.", "Repeat {n} times.", n) for n in range(12)]


@pytest.mark.parametrize("loc", i18n.complete_locales())
def test_the_cached_catalog_is_the_compiled_one(cache, loc) -> None:
    """Miss and hit alike give what gettext reads from the compiled .mo, in every locale (six plural
    forms in Arabic, three in Russian, one in Chinese)."""
    if loc == "en":
        return  # the source language has no catalog
    po = i18n.catalog_path(loc).read_bytes()
    mo, complete = translation.compile_po(po)
    miss = catalog_cache.load(po, loc, translation.compile_po)
    hit = catalog_cache.load(po, loc, lambda b: pytest.fail("compiled on a hit"))
    for tr, share in (miss, hit):
        _same_as_parsed(tr, mo)
        assert share == complete


def test_an_entry_of_another_shape_is_ignored(cache, monkeypatch) -> None:
    """An intact seal around contents gettext would not have made (a wrong shape, a non-string
    message, a plural rule gettext refuses) is not used: the catalog is compiled again."""
    po = i18n.catalog_path("ru").read_bytes()
    catalog_cache.load(po, "ru", translation.compile_po)
    [entry] = _entries(cache, "ru")
    good_read = catalog_cache.read_mo(translation.compile_po(po)[0])
    catalog, info, charset = good_read
    for bad in [("not", "a", "catalog", "read"), ({"Home": b"bytes"}, info, charset),
                ({("Home", "0"): "x"}, info, charset), (catalog, {**info, "plural-forms": "nplurals=2; plural=n +;"},
                                                         charset), (catalog, info, 7)]:
        entry.write_bytes(cachefile.seal(catalog_cache.FORMAT, struct.pack("<d", 1.0) + marshal.dumps(bad)))
        calls = _compile_counter(monkeypatch)
        tr, _ = catalog_cache.load(po, "ru", translation.compile_po)
        assert len(calls) == 1
        _same_as_parsed(tr, translation.compile_po(po)[0])


def test_an_entry_of_the_mo_layout_is_dropped(cache) -> None:
    """Caches written before the entries held gettext's reading kept the .mo itself, as *.mo."""
    cache.mkdir(parents=True)
    old = cache / "ru-0123456789abcdef0123456789abcdef01234567.mo"
    other = cache / "ru_Latn-0123456789abcdef0123456789abcdef01234567.mo"
    old.write_bytes(b"old")
    other.write_bytes(b"another locale")
    catalog_cache.load(i18n.catalog_path("ru").read_bytes(), "ru", translation.compile_po)
    assert not old.exists() and other.exists() and len(_entries(cache, "ru")) == 1


@pytest.mark.parametrize("damage", [
    lambda b: b"",  # empty
    lambda b: b[: len(b) // 2],  # cut short
    lambda b: b[:-10] + bytes(x ^ 0xFF for x in b[-10:]),  # a message changed
    lambda b: b"not a catalog at all",
])
def test_a_corrupt_entry_is_ignored_and_rebuilt(content, cache, monkeypatch, damage) -> None:
    good = _pdf(content, "ru")
    [entry] = _entries(cache, "ru")
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))
    calls = _compile_counter(monkeypatch)
    assert _pdf(content, "ru") == good
    assert len(calls) == 1
    assert entry.read_bytes() == intact  # rebuilt in place


def test_an_entry_that_is_a_folder_is_no_error(content, cache) -> None:
    good = _pdf(content, "es")
    [entry] = _entries(cache, "es")
    entry.unlink()
    entry.mkdir()
    assert _pdf(content, "es") == good


def test_an_unusable_cache_folder_is_no_error(content, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # mkdir under a file fails, even for root
    translation.compiled_catalog.cache_clear()
    try:
        unusable = _pdf(content, "ru")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fine"))
        assert _pdf(content, "ru") == unusable
        assert _pdf(content, "ru") == unusable  # the hit, too
    finally:
        translation.compiled_catalog.cache_clear()


def test_no_home_at_all_is_no_error(monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # invalid by the XDG spec
    monkeypatch.setenv("HOME", "also-relative")
    assert catalog_cache.cache_dir() is None
    assert catalog_cache.cache_dir({"XDG_CACHE_HOME": "relative", "HOME": "also-relative"}) is None
    assert catalog_cache.cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/careplan/catalogs")
    assert catalog_cache.cache_dir({"XDG_CACHE_HOME": "rel", "HOME": "/h"}) == Path("/h/.cache/careplan/catalogs")
    po = i18n.catalog_path("es").read_bytes()
    # compiled, nothing written
    tr, complete = catalog_cache.load(po, "es", translation.compile_po)
    mo, compiled = translation.compile_po(po)
    _same_as_parsed(tr, mo)
    assert complete == compiled


def test_the_command_works_with_an_unwritable_cache(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = tmp_path / "h.pdf"
    run = subprocess.run([sys.executable, "-m", "careplan", "--answers", str(EXAMPLES / "sciatica.yaml"),
                          "--lang", "ru", "-o", str(out), "--date", "2026-11-22"],
                         capture_output=True, text=True, env={**_env(), "XDG_CACHE_HOME": str(blocker)})
    assert run.returncode == 0, run.stderr
    assert run.stderr == "" and out.stat().st_size > 0


def test_a_changed_catalog_is_compiled_afresh(cache, monkeypatch) -> None:
    po = i18n.catalog_path("es").read_bytes()
    catalog_cache.load(po, "es", translation.compile_po)
    old = i18n.Translator.for_locale("es").gettext("Page {page} of {total}")
    changed = po.replace(old.encode("utf-8"), b"Hoja {page} de {total}")
    assert changed != po
    tr, _ = catalog_cache.load(changed, "es", translation.compile_po)
    assert tr.gettext("Page {page} of {total}") == "Hoja {page} de {total}"
    assert len(_entries(cache, "es")) == 1  # the stale entry was dropped


def test_a_changed_catalog_file_is_seen_by_the_translator(tmp_path, monkeypatch, cache) -> None:
    """Through the real path lookup: a .po edited on disk (same locale) prints the edit."""
    import shutil

    root = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), root)
    monkeypatch.setattr(paths, "locales_dir", lambda: root)
    po = root / "es" / "LC_MESSAGES" / "careplan.po"
    before = i18n.Translator.for_locale("es").gettext("Page {page} of {total}")
    text = po.read_text(encoding="utf-8").replace(f'msgstr "{before}"', 'msgstr "Hoja {page} de {total}"')
    po.write_text(text, encoding="utf-8")
    translation.compiled_catalog.cache_clear()  # a new process
    assert i18n.Translator.for_locale("es").gettext("Page {page} of {total}") == "Hoja {page} de {total}"


def test_a_cache_hit_does_not_import_the_message_tools(tmp_path) -> None:
    code = ("import sys; from careplan import i18n; t = i18n.translator('ru'); "
            "print(t.gettext('Page {page} of {total}')); "
            "print('babel.messages' in sys.modules)")
    env = {**_env(), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.splitlines()[1] == "True"  # the miss compiles
    assert second.stdout.splitlines() == [first.stdout.splitlines()[0], "False"]


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
