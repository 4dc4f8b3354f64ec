"""The interactive questionnaire: the questions as data, the session's rules, the prompter, the summary.

Where to look: questions.py reads templates/questions.yaml; session.py holds
the answers and the rules (what applies, going back, following a change);
asking.py asks each kind of question; prompter.py is the only module that
knows questionary; review.py is the summary; output.py writes the handout;
flow.py runs them in order. The CLI calls run_questionnaire.
"""

from __future__ import annotations

from careplan.questionnaire.flow import run_questionnaire

__all__ = ["run_questionnaire"]
