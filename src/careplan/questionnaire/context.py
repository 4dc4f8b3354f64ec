"""One questionnaire run's shared parts: the request, the world it runs in, the session, the reader's language.

The steps (asking, the summary, writing) are functions of this object, so
each lives in its own module and none reaches into another's state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from careplan import i18n
from careplan.delivery.request import Request
from careplan.environment import Environment
from careplan.questionnaire.clinic import ClinicMemory
from careplan.questionnaire.prompter import Prompter
from careplan.questionnaire.screen import Screen
from careplan.questionnaire.session import Session
from careplan.records import record

if TYPE_CHECKING:
    from careplan.content.model import Content


@record(frozen=False)
class Context:
    """Everything a step of the questionnaire may use."""

    request: Request
    env: Environment
    session: Session
    prompter: Prompter
    screen: Screen
    err: IO[str]
    locale: str
    t: i18n.Translator
    today: dt.date
    clinic: ClinicMemory | None = None
    #: a name typed at the summary; else the default name is claimed when written
    chosen_path: Path | None = None
    handout_path: Path | None = None
    _content: Content | None = field(default=None, repr=False)

    @property
    def content(self) -> Content:
        """The templates, loaded when first needed (the emergency number, the list of countries)."""
        if self._content is None:
            from careplan.content import cache as content_mod

            self._content = content_mod.load()
        return self._content

    def set_locale(self, locale: str) -> None:
        """Speak this language from now on, with dates as written in the chosen country."""
        self.locale = locale
        self.t = i18n.translator(locale).in_region(self.session.values.get("region"))
        self.prompter.use(self.t)

    def words(self, patient: str, clinician: str) -> str:
        """Of two English messages (marked with N_), the one for whoever answers: the patient, or with
        --clinician the clinician (who is told about "the patient" and "the handout", never "my handout")."""
        return clinician if self.session.clinician else patient

    def region(self) -> str | None:
        """The reader's country: the answer (which holds --region when given), else the language's."""
        from careplan.delivery.choices import resolve_region

        return resolve_region(None, self.session.values.get("region"), self.request.lang,
                              self.session.values.get("language"), is_country=self.content.is_country)

    def default_region(self) -> str | None:
        """The country offered first: from --lang, the chosen language or the system locale."""
        from careplan.delivery.choices import resolve_region

        return resolve_region(None, None, self.request.lang, self.session.values.get("language"),
                              is_country=self.content.is_country)

    def emergency_number(self) -> str:
        return self.content.region(self.region()).number

    def region_label(self, code: str) -> str:
        # TRANSLATORS: a country in the list of countries, such as "United Kingdom (GB)"
        return self.t.format("{country} ({code})", country=self.t.region_name(code), code=code)
