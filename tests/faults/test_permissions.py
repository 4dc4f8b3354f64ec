"""Permissions and names: an existing handout keeps its mode, new files are private, a 255-byte name works,
and the data is on disk before its name is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careplan.files import writefile

from .helpers import DATE, EXAMPLE, leftovers, pdf_text, run


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664])
def test_existing_handout_keeps_its_mode(tmp_path: Path, umask_022, mode: int) -> None:
    target = tmp_path / "h.pdf"
    target.write_bytes(b"old")
    target.chmod(mode)
    status, _, err = run(["--answers", str(EXAMPLE), "-o", str(target), "--date", DATE])
    assert status == 0, err
    assert oct(target.stat().st_mode & 0o7777) == oct(mode)
    assert pdf_text(target, pages=1)


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
@pytest.mark.parametrize("option", ["-o", "--save-answers"])
def test_a_read_only_file_is_never_replaced(tmp_path: Path, mode: int, option: str) -> None:
    """Renaming over a file needs only the folder's permission, so a file nobody may write
    would be replaced without a word (as root, too): it was made read-only to keep it."""
    kept = tmp_path / ("h.pdf" if option == "-o" else "a.yaml")
    kept.write_bytes(b"kept")
    kept.chmod(mode)
    argv = ["--answers", str(EXAMPLE), "--date", DATE, "-o", str(tmp_path / "new.pdf")]
    argv += [option, str(kept)] if option == "--save-answers" else []
    if option == "-o":
        argv[-1] = str(kept)
    status, out, err = run(argv)
    kept.chmod(0o600)
    assert status == 2 and "read-only" in err and str(kept) in err and out == ""
    assert kept.read_bytes() == b"kept" and sorted(p.name for p in tmp_path.iterdir()) == [kept.name]


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o077])
def test_new_handout_and_saved_answers_are_private(tmp_path: Path, monkeypatch, umask: int) -> None:
    monkeypatch.chdir(tmp_path)
    old = os.umask(umask)
    try:
        status, out, err = run(["--answers", str(EXAMPLE), "-o", "h.pdf", "--save-answers", "a.yaml"])
        assert status == 0, err
        status, out, err = run(["--answers", str(EXAMPLE), "--date", DATE])  # a default name
        assert status == 0, err
    finally:
        os.umask(old)
    for name in ("h.pdf", "a.yaml", out.strip()):
        assert oct((tmp_path / name).stat().st_mode & 0o777) == oct(0o600), name


def test_existing_saved_answers_keep_their_mode(tmp_path: Path) -> None:
    saved = tmp_path / "a.yaml"
    saved.write_text("old\n")
    saved.chmod(0o640)
    status, _, err = run(["--answers", str(EXAMPLE), "-o", str(tmp_path / "h.pdf"), "--save-answers", str(saved)])
    assert status == 0, err
    assert oct(saved.stat().st_mode & 0o777) == oct(0o640) and "version: 1" in saved.read_text()


@pytest.mark.parametrize("exists", [False, True], ids=["new", "replaced"])
def test_a_255_byte_file_name_works(tmp_path: Path, exists: bool) -> None:
    target = tmp_path / ("n" * 251 + ".pdf")
    assert len(target.name.encode()) == 255
    if exists:
        target.write_bytes(b"old")
    status, out, err = run(["--answers", str(EXAMPLE), "-o", str(target), "--date", DATE])
    assert status == 0, err
    assert out.strip() == str(target)
    assert pdf_text(target, pages=1)
    assert leftovers(tmp_path) == []


def test_temporary_name_is_short_and_in_the_target_folder(tmp_path: Path, monkeypatch) -> None:
    seen = []
    real = writefile.os.replace

    def replace(src, dst, *a, **k):
        seen.append(Path(src))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(writefile.os, "replace", replace)
    status, _, err = run(["--answers", str(EXAMPLE), "-o", str(tmp_path / ("n" * 251 + ".pdf"))])
    assert status == 0, err
    [tmp] = seen
    assert tmp.parent == tmp_path and tmp.name.startswith(".careplan-") and tmp.name.endswith(".part")
    assert len(tmp.name) < 40


@pytest.mark.parametrize("default_name", [False, True], ids=["-o", "default name"])
def test_data_is_synced_before_it_gets_its_name(tmp_path: Path, monkeypatch, default_name: bool) -> None:
    monkeypatch.chdir(tmp_path)
    events: list[str] = []
    real = {name: getattr(writefile.os, name) for name in ("fsync", "replace", "link")}

    def spy(name: str):
        def call(*a, **k):
            events.append(name)
            return real[name](*a, **k)
        return call

    for name in real:
        monkeypatch.setattr(writefile.os, name, spy(name))
    argv = ["--answers", str(EXAMPLE), "--date", DATE] + ([] if default_name else ["-o", "h.pdf"])
    status, _, err = run(argv)
    assert status == 0, err
    named = events.index("link" if default_name else "replace")
    assert "fsync" in events[:named], events  # the file's data
    assert "fsync" in events[named + 1:], events  # the folder, after the rename (best effort)


def test_replacing_as_root_keeps_the_owner(tmp_path: Path) -> None:
    """Root re-rendering a clinician's handout must not leave it owned by root (and unreadable to them)."""
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    target = tmp_path / "h.pdf"
    target.write_bytes(b"old")
    os.chown(target, 12345, 12346)
    target.chmod(0o600)
    status, _, err = run(["--answers", str(EXAMPLE), "-o", str(target), "--date", DATE])
    assert status == 0, err
    st = target.stat()
    assert (st.st_uid, st.st_gid, oct(st.st_mode & 0o777)) == (12345, 12346, oct(0o600))
