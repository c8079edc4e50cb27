"""Where a clinical fact comes from, and the coded statements the engine can make.

Every table, rule, caveat, warning and conflict carries one ``Provenance``: its source,
the section of clinical-content.md it implements, and the confidence tag given there.
Anything below [2+] needs clinical sign-off before clinical use, and says so.

A ``Statement`` is a sentence the engine may say (a caveat, a warning, a conflict, a note
added to an action) with a stable code. Its text is data: a template whose ``{fields}``
the engine fills in. No clinical sentence lives only in engine code (spec §15.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "CONFIDENCES",
    "Confidence",
    "Provenance",
    "Statement",
    "StatementKind",
]

Confidence = Literal["2+", "1", "UNCONFIRMED"]
CONFIDENCES: Final[tuple[Confidence, ...]] = ("2+", "1", "UNCONFIRMED")

StatementKind = Literal["caveat", "warning", "conflict", "note"]


@dataclass(frozen=True)
class Provenance:
    source: str
    section: str
    """The section of shared/spec/clinical-content.md this implements, e.g. "§15.1"."""
    confidence: Confidence

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCES:
            raise ValueError(f"confidence {self.confidence!r} is not one of {CONFIDENCES}")

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


@dataclass(frozen=True)
class Statement:
    code: str
    kind: StatementKind
    text: str
    """A template: ``{name}`` fields are filled in by the engine (``format``)."""
    provenance: Provenance

    def format(self, **fields: object) -> str:
        return self.text.format(**fields)
