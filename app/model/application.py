"""The application: the eligibility answers and the answers to each step, with their stored form and versions.

Drafts and requests are stored as ``to_dict()`` (encrypted). ``from_dict`` reads every version still stored
anywhere, upgrading older ones, so a deployment never strands a person's draft or an unsent request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from app.domain import eligibility as rules
from app.domain.eligibility import EligibilityAnswers, Outcome
from app.model import codec
from app.model.answers import Contact, Documents, Objection, Requester, VictimDetails

# 1: steps keyed by page address ("victim-contact"), a "started_at" time. 2: steps keyed by name ("victim_contact").
STORED_VERSION = 2
StepName = Literal["victim", "victim_contact", "requester", "requester_contact", "objection", "documents"]
StepAnswers = VictimDetails | Contact | Requester | Objection | Documents
STEP_TYPES: dict[str, type[StepAnswers]] = {
    "victim": VictimDetails,
    "victim_contact": Contact,
    "requester": Requester,
    "requester_contact": Contact,
    "objection": Objection,
    "documents": Documents,
}
# Who may ask for the victim, and who among them the police contact instead of the victim (a child, or a
# victim who cannot communicate, is not contacted).
SOMEONE_ELSE = frozenset({"parent", "spokesperson", "representative"})
CONTACTED_INSTEAD = frozenset({"parent", "spokesperson"})


@dataclass(frozen=True)
class Application:
    """Everything a person has answered so far. ``stats_recorded``: the anonymous count was made (once)."""

    eligibility: EligibilityAnswers = field(default_factory=EligibilityAnswers)
    victim: VictimDetails | None = None
    victim_contact: Contact | None = None
    requester: Requester | None = None
    requester_contact: Contact | None = None
    objection: Objection | None = None
    documents: Documents | None = None
    stats_recorded: bool = False

    @property
    def who(self) -> str | None:
        return self.eligibility.who

    @property
    def someone_else_asking(self) -> bool:
        return self.who in SOMEONE_ELSE

    def outcome(self, today: date) -> Outcome:
        return rules.evaluate(self.eligibility, today)

    def step(self, name: str) -> StepAnswers | None:
        answers: StepAnswers | None = getattr(self, name)
        return answers

    def with_step(self, name: str, answers: StepAnswers) -> Application:
        if not isinstance(answers, STEP_TYPES[name]):
            raise TypeError(f"{name} holds {STEP_TYPES[name].__name__}, not {type(answers).__name__}")
        changes: dict[str, Any] = {name: answers}
        return dataclasses.replace(self, **changes)

    def with_eligibility(self, answers: EligibilityAnswers) -> Application:
        return dataclasses.replace(self, eligibility=answers)

    def only_steps(self, names: set[str]) -> Application:
        """The same application without the answers to steps not in ``names`` (left from a changed mind)."""
        dropped: dict[str, Any] = {name: None for name in STEP_TYPES if name not in names}
        return dataclasses.replace(self, **dropped)

    @property
    def contact(self) -> tuple[str, Contact]:
        """(step name, answers) of the contact details the request holds: the victim's, or the parent's or
        spokesperson's own; ("", an empty Contact) before either is answered."""
        for name in ("victim_contact", "requester_contact"):
            answers = getattr(self, name)
            if answers is not None:
                return name, answers
        return "", Contact()

    @property
    def confirmation_address(self) -> str | None:
        """Where the confirmation email may go, or None.

        A representative gets it at the address they gave for themselves. Anyone else only when they said email
        is safe: an inbox may be read by the person they fear.
        """
        if self.requester is not None and self.requester.email:
            return self.requester.email
        contact = self.contact[1]
        return contact.email if contact.email_is_safe and contact.email else None

    def to_dict(self) -> dict[str, Any]:
        steps = {name: codec.to_mapping(answers) for name in STEP_TYPES if (answers := self.step(name)) is not None}
        return {
            "schema_version": STORED_VERSION,
            "eligibility": self.eligibility.to_mapping(),
            "answers": steps,
            "stats_recorded": self.stats_recorded,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Application:
        data = upgrade(data)
        stored = data.get("answers") or {}
        steps: dict[str, Any] = {
            name: codec.from_mapping(kind, stored[name]) for name, kind in STEP_TYPES.items() if name in stored
        }
        return cls(
            eligibility=rules.answers_from_mapping(data.get("eligibility") or {}),
            stats_recorded=bool(data.get("stats_recorded")),
            **steps,
        )


def upgrade(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stored mapping of any earlier version, as the current version."""
    version = data.get("schema_version", 1)
    if version == 1:  # drafts and requests stored before the typed model (up to November 2026)
        answers = {slug.replace("-", "_"): values for slug, values in (data.get("answers") or {}).items()}
        data = {key: value for key, value in data.items() if key != "started_at"}
        data = {**data, "schema_version": 2, "answers": answers}
    return data


@dataclass(frozen=True)
class Submission:
    """A sent request as stored: the answers on the person's path, and what was decided when it was sent."""

    application: Application
    locale: str
    outcome: str
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        stored = self.application.to_dict()
        del stored["stats_recorded"]
        return {**stored, "locale": self.locale, "outcome": self.outcome, "flags": list(self.flags)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Submission:
        return cls(
            application=Application.from_dict(data),
            locale=str(data.get("locale") or "en"),
            outcome=str(data.get("outcome") or ""),
            flags=tuple(str(flag) for flag in data.get("flags") or ()),
        )
