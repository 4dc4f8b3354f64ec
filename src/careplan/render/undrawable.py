"""Which answers fields hold characters no shipped font can draw, for a warning on stderr.

Such characters print as fonts.REPLACEMENT; the command then names the field
(as the contract spells it), never the text, which is patient data, so the
clinician can write it in by hand.
"""

from __future__ import annotations

from careplan.contract.answers import Answers
from careplan.errors import N_
from careplan.render import pieces

# The command's stderr line for each field undrawable_fields() names: the field,
# never the text, which is patient data.
UNDRAWABLE = N_("{field}: some characters are in none of careplan's fonts and print as '?'; "
                "please write them in by hand on the printed handout")


def undrawable_fields(answers: Answers) -> list[str]:
    """Names of the answers' free-text fields with characters no installed font can draw."""
    fields = [("patient_name", answers.patient_name or "")]
    clinic = answers.clinic
    if clinic:
        fields += [(f"clinic.{key}", getattr(clinic, key) or "") for key in ("name", "phone", "clinician", "notes")]
    return [name for name, text in fields if text and pieces.undrawable(text)]
