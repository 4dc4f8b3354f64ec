"""The validated content, kept in the user's cache folder, keyed by the templates' contents.

Reading and checking templates/*.yaml and the pictures costs a run about
16 ms; the model they become loads back from a pickle in about 1 ms,
without the YAML loader or the checks. So a handout run loads the content
here: from $XDG_CACHE_HOME/careplan/content (else ~/.cache/careplan/content)
when an entry matches, else through ``loading.load`` (every check, as
before) and then stored. ``careplan check`` and the gallery always validate
from the YAML.

What is printed never depends on the cache:
- the key is a SHA-256 over the bytes of every template and picture file
  (names and contents, never a time stamp), the templates folder, this
  module's FORMAT, careplan's version and Python's, and the source of the
  code that builds and checks the model (content/, contract/, triage's
  table, records), so an edited file, an added or removed picture, changed
  checks or model classes, or another careplan or Python finds no entry;
- an entry carries a SHA-256 of its payload, checked before unpickling, so
  a truncated, corrupt or hand-edited file is ignored (and replaced);
- content with a picture that does not load is not stored: such a picture
  fails a handout only when that handout draws it, as without the cache;
- a missing, read-only or unusable cache folder is never an error.
The entry is a pickle, so it is read only when the user owns it and its
folder and neither is writable by anyone else (the folder is created 0700,
the entry 0600).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from careplan import __version__, paths, records
from careplan.content.model import Content
from careplan.errors import CareplanError
from careplan.files import cachefile
from careplan.files.readfile import read_bytes

FORMAT = b"careplan-content-1\n"  # the code is in the key too (_CODE)
MAX_FILE_BYTES = 1024 * 1024
MAX_ENTRY_BYTES = 16 * 1024 * 1024


def cache_dir() -> Path | None:
    return cachefile.folder("content")


# The code that makes and checks the model: changed, it finds no entry (a version bump is not needed).
_CODE = ("content", "contract", "planning/triage.py", "records.py", "files/safeyaml.py")


def key(root: Path) -> str:
    """The entry's file name: a hash over every .yaml file of the templates folder and its pictures,
    and over the code that loads and checks them."""
    h = hashlib.sha256(FORMAT)
    h.update(f"{__version__}\0{sys.version}\0{root}\0".encode())
    h.update(cachefile.source_digest(_CODE))
    for sub in ("", "pictures"):
        folder = root / sub if sub else root
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".yaml")):
            data = read_bytes(folder / name, MAX_FILE_BYTES)
            h.update(f"{sub}/{name}\0{len(data)}\0".encode())
            h.update(data)
    return f"content-{h.hexdigest()[:40]}.pickle"


def _unpack(payload: bytes) -> Content | None:
    try:
        content = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unpickling failure means a bad entry, rebuilt below
        return None
    return content if isinstance(content, Content) else None


def load(root: Path | None = None, folder: Path | None = None) -> Content:
    """The content of `root` (the shipped templates by default): from the cache, else loaded,
    validated and stored. Errors in the templates are raised as by loading.load."""
    root = root or paths.templates_dir()
    folder = folder or cache_dir()
    try:
        path = folder / key(root) if folder else None
    except (CareplanError, OSError):  # a template that cannot be read: loading.load says which
        path = None
    payload = cachefile.payload(path, FORMAT, MAX_ENTRY_BYTES)  # only a private entry: it is unpickled
    found = _unpack(payload) if payload is not None else None
    if found is not None:
        return found
    from careplan.content import loading  # the YAML loader and the checks: only on a miss

    content = loading.load(root)
    if path is not None:
        try:
            pictures = {name: content.pictures[name] for name in content.pictures}
        except CareplanError:
            return content  # a broken picture stays lazy: only a handout drawing it fails
        whole = records.replace(content, pictures=pictures)
        # older entries (another set of templates or code) go
        if cachefile.put_latest(path, cachefile.seal(FORMAT, pickle.dumps(whole, pickle.HIGHEST_PROTOCOL))):
            return whole
    return content

