"""The remembered clinic block for --clinician: a small YAML file the clinician can edit.

A clinician makes many handouts a day with the same clinic name, phone and
clinician, language, country and follow-up interval, so careplan uses last
time's values (shown, and changeable at the summary). The file
lives in careplan's config folder, which the Environment finds by the XDG
convention ($XDG_CONFIG_HOME/careplan, else ~/.config/careplan), without a
platformdirs dependency. Patient details and notes are never kept.
A broken file must not stop a clinic, so reading it never fails: problems
come back as a message and the defaults are simply left empty.
"""

from __future__ import annotations

import os
from pathlib import Path

from careplan.contract.checks import UNCLEAN, is_clean_text
from careplan.errors import CareplanError
from careplan.files import safeyaml
from careplan.files.writefile import FOLDER_IN_THE_WAY, write_atomic
from careplan.files.yamlimport import yaml
from careplan.records import record

FILE_NAME = "clinic.yaml"
KEYS = ("name", "phone", "clinician", "follow_up_days", "language", "region")
MAX_TEXT = 200
MAX_DAYS = 730
MAX_BYTES = 64 * 1024  # a few lines by hand; anything bigger is not this file

HEADER = """\
# careplan remembers your clinic details here, for handouts made with
# `careplan --clinician`. You can edit this file by hand. Keys:
#   name, phone, clinician: printed on the handout
#   follow_up_days: the follow-up date offered, in days from today
#   language, region: the handout's language and country (such as en, GB)
# Patient details, answers and notes are never saved here.
"""


@record
class ClinicDefaults:
    """What careplan offers as the answers to the clinic questions."""

    name: str = ""
    phone: str = ""
    clinician: str = ""
    follow_up_days: int | None = None
    language: str = ""  # the last handout's language and country: session settings, not the patient's
    region: str = ""


def config_path(config_dir: Path) -> Path:
    """The clinic file in careplan's config folder (Environment.config_dir)."""
    return config_dir / FILE_NAME


def load(path: Path) -> tuple[ClinicDefaults, str | None]:
    """The remembered defaults and, if the file could not be used, why (in English).

    Never raises and never blocks: a folder, FIFO, device, symlink to /dev/zero,
    binary junk or an unreadable file gives the empty defaults and a message.
    """
    try:
        if not os.path.lexists(path):  # lexists: a dangling or looping symlink is worth a word
            return ClinicDefaults(), None
        return _parse(path, safeyaml.load_file(path, MAX_BYTES))
    except CareplanError as exc:
        return ClinicDefaults(), exc.render()
    except (OSError, ValueError, RecursionError, MemoryError, yaml.YAMLError) as exc:
        # safeyaml turns what it knows into CareplanError; this is the promise kept for the rest
        return ClinicDefaults(), f"{path}: the file could not be read ({type(exc).__name__})"


def _shown(key: object) -> str:
    """A key from the file, safe to print: no control characters, not endless."""
    text = key if isinstance(key, str) else str(key) if isinstance(key, (int, float)) else type(key).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 40 else text[:37] + "..."


def _parse(path: Path, data: object) -> tuple[ClinicDefaults, str | None]:
    if data is None:
        return ClinicDefaults(), None
    if not isinstance(data, dict):
        return ClinicDefaults(), f"{path}: expected keys such as 'name: Riverside Practice'"
    out: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            return ClinicDefaults(), f"{path}: unknown key '{_shown(key)}'; allowed: {', '.join(KEYS)}"
        if value is None:
            continue
        if key == "follow_up_days":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
                return ClinicDefaults(), f"{path}: follow_up_days must be a whole number from 0 to {MAX_DAYS}"
        elif not isinstance(value, (str, int)) or len(str(value)) > MAX_TEXT or not is_clean_text(str(value)):
            # what the answers would refuse later (a NUL) is refused here, naming this file
            return ClinicDefaults(), (f"{path}: {key} must be text of at most {MAX_TEXT} characters, "
                                      f"without {UNCLEAN}")
        else:
            value = str(value)
        out[key] = value
    return ClinicDefaults(**out), None  # type: ignore[arg-type]


def dump(defaults: ClinicDefaults) -> str:
    """The file's text: a comment saying what it is, then the values."""
    data = {k: getattr(defaults, k) for k in KEYS if getattr(defaults, k) not in ("", None)}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True) if data else "{}\n"
    return HEADER + body


def save(path: Path, defaults: ClinicDefaults) -> None:
    """Write the file atomically, creating the careplan config folder if needed.

    A clinic.yaml that is a symbolic link (dotfiles kept elsewhere) is written
    through, so the link survives; the handout itself never follows links.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() and path.resolve().is_file():
        path = path.resolve()
    write_atomic(path, dump(defaults).encode("utf-8"), folder=FOLDER_IN_THE_WAY)
