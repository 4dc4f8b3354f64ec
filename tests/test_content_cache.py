"""The validated content cached by the templates' contents: a hit is the content the YAML gives,
any change to a template is a miss, a bad entry is ignored and rebuilt, `careplan check` reads the YAML."""

from __future__ import annotations

import io
import os
import pickle
import shutil
from pathlib import Path

import pytest

from careplan import paths
from careplan.cli import main
from careplan.content import cache
from careplan.content import loading as content_mod
from careplan.content.model import Content
from careplan.errors import CareplanError
from careplan.files import cachefile


@pytest.fixture
def templates(tmp_path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), root)
    return root


def _loads(monkeypatch) -> list[int]:
    """Count the loads from the YAML."""
    calls: list[int] = []
    real = content_mod.load

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(content_mod, "load", counting)
    return calls


def _same(a: Content, b: Content) -> bool:
    return (a.positions, a.exercises, a.tips, a.safety, a.regions, a.fallback_urgent, a.letter_regions,
            a.numbers) == (b.positions, b.exercises, b.tips, b.safety, b.regions, b.fallback_urgent,
                           b.letter_regions, b.numbers) and dict(a.pictures) == dict(b.pictures)


def test_a_hit_is_the_content_the_yaml_gives(content, tmp_path, monkeypatch) -> None:
    calls = _loads(monkeypatch)
    first = cache.load(folder=tmp_path / "c")
    second = cache.load(folder=tmp_path / "c")
    assert calls == [1]  # the second came from the cache
    assert _same(first, content) and _same(second, content)
    assert len(list((tmp_path / "c").iterdir())) == 1


@pytest.mark.parametrize("edit", ["template", "picture", "new_picture", "removed_picture"])
def test_any_change_to_the_templates_is_a_miss(templates, tmp_path, monkeypatch, edit) -> None:
    folder = tmp_path / "c"
    before = cache.load(templates, folder)
    calls = _loads(monkeypatch)
    if edit == "template":  # same size, same mtime: only the content differs
        path = templates / "tips.yaml"
        stat = path.stat()
        text = path.read_text()
        path.write_text(text.replace("priority: 1\n", "priority: 7\n", 1))
        assert text != path.read_text() and path.stat().st_size == stat.st_size
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    elif edit == "picture":
        path = templates / "pictures" / "walking.yaml"
        path.write_text(path.read_text() + "\n")
    elif edit == "new_picture":
        shutil.copy(templates / "pictures" / "walking.yaml", templates / "pictures" / "walking_again.yaml")
    else:
        (templates / "pictures" / "walking_again.yaml").unlink(missing_ok=True)
        (templates / "exercises.yaml").write_text((templates / "exercises.yaml").read_text() + "\n# note\n")
    after = cache.load(templates, folder)
    assert calls == [1]
    if edit == "template":
        assert before.tips != after.tips
    assert len(list(folder.iterdir())) == 1  # the older entry is dropped


def test_a_change_to_the_code_that_checks_the_templates_is_a_miss(templates, tmp_path, monkeypatch) -> None:
    """A new check or model field must not be skipped by an entry an older checkout stored under
    the same careplan version: the key covers the source of the loading and checking code."""
    assert {"content/validate.py", "content/model.py", "contract/vocab.py", "planning/triage.py",
            "records.py"} <= set(cachefile.source_files(cache._CODE))
    folder = tmp_path / "c"
    cache.load(templates, folder)
    calls = _loads(monkeypatch)
    cache.load(templates, folder)
    assert calls == []
    monkeypatch.setattr(cachefile, "source_digest", lambda parts: b"the checks as another checkout has them")
    cache.load(templates, folder)
    assert calls == [1]


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "not_content", "other_format"])
def test_a_bad_entry_is_ignored_and_rebuilt(content, tmp_path, monkeypatch, damage) -> None:
    folder = tmp_path / "c"
    cache.load(folder=folder)
    (path,) = folder.iterdir()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "garbage":
        path.write_bytes(b"\x80" * 100)
    elif damage == "not_content":  # intact checksum, wrong thing inside
        from careplan.files import cachefile
        path.write_bytes(cachefile.seal(cache.FORMAT, pickle.dumps({"positions": ()})))
    else:
        path.write_bytes(data.replace(cache.FORMAT, b"careplan-content-0\n", 1))
    calls = _loads(monkeypatch)
    assert _same(cache.load(folder=folder), content)
    assert calls == [1]
    assert path.read_bytes() == data


def test_an_unusable_folder_is_no_error(content, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert _same(cache.load(folder=blocker / "sub"), content)


def test_a_template_error_is_reported_as_without_the_cache(templates, tmp_path) -> None:
    (templates / "tips.yaml").write_text("tips:\n  - id: Bad\n")
    with pytest.raises(CareplanError) as with_cache:
        cache.load(templates, tmp_path / "c")
    with pytest.raises(CareplanError) as without:
        content_mod.load(templates)
    assert str(with_cache.value) == str(without.value)
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").iterdir())


def test_a_broken_picture_is_not_cached_and_fails_only_when_drawn(templates, tmp_path) -> None:
    (templates / "pictures" / "walking.yaml").write_text("size: [1, 1]\n")
    folder = tmp_path / "c"
    got = cache.load(templates, folder)
    assert not folder.exists() or not list(folder.iterdir())
    with pytest.raises(CareplanError):
        got.pictures["walking"]
    assert got.pictures["cat_camel"].frames


def test_careplan_check_reads_the_yaml(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache.load()  # the cache is filled ...
    assert list((tmp_path / "xdg" / "careplan" / "content").iterdir())
    calls = _loads(monkeypatch)
    used: list[int] = []
    monkeypatch.setattr(cache, "load", lambda *a, **k: used.append(1))
    out = io.StringIO()
    assert main(["check"], stdin=io.StringIO(), stdout=out, stderr=io.StringIO()) == 0
    assert calls and not used  # ... and check still validates from the YAML


def test_an_entry_others_could_write_is_not_unpickled(content, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "c"
    cache.load(folder=folder)
    assert len(list(folder.iterdir())) == 1
    folder.chmod(0o777)
    seen: list[int] = []
    real = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda data: seen.append(1) or real(data))
    assert _same(cache.load(folder=folder), content)
    assert not seen
    folder.chmod(0o700)
    assert _same(cache.load(folder=folder), content)
    assert seen == [1]
