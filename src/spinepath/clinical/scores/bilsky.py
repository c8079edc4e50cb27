"""Bilsky ESCC (epidural spinal cord compression) grade (clinical-content §4).

Not a total: an ordered grade per lesion (0 < 1a < 1b < 1c < 2 < 3), the case grade is the
most severe, and the group is low (0, 1a, 1b), indeterminate (1c: §15.13, NOMS shows both
branches) or high (2, 3). Intradural and intramedullary lesions are not graded (§15.7).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from spinepath.clinical.provenance import Confidence, Provenance, Statement
from spinepath.clinical.scores.sins import BONY_OR_EPIDURAL_ONLY
from spinepath.clinical.scores.table import NotApplicableWhen
from spinepath.clinical.vocab import BILSKY_GRADES

__all__ = ["BILSKY", "BilskyGrade", "BilskyScale"]


@dataclass(frozen=True)
class BilskyGrade:
    code: str
    label: str
    group: str
    note: str | None = None


@dataclass(frozen=True)
class BilskyScale:
    key: str
    name: str
    version: str
    source: str
    spec_section: str
    confidence: Confidence
    grades: MappingProxyType[str, BilskyGrade]
    caveats: tuple[tuple[str, str], ...]
    not_applicable_when: tuple[NotApplicableWhen, ...] = ()
    kind: Literal["grade"] = "grade"

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.source, self.spec_section, self.confidence)

    @property
    def needs_sign_off(self) -> bool:
        return self.provenance.needs_sign_off

    @property
    def caveat_statements(self) -> tuple[Statement, ...]:
        return tuple(Statement(c, "caveat", t, self.provenance) for c, t in self.caveats)

    def grade_rows(self) -> tuple[tuple[str, str, str | None, str | None], ...]:
        """(code, label, group, note) of every grade, best first."""
        return tuple((g.code, g.label, g.group, g.note) for g in self.grades.values())

    def rank(self, code: str) -> int:
        return list(self.grades).index(code)


_GROUPS = {
    "0": "low",
    "1a": "low",
    "1b": "low",
    "1c": "indeterminate",
    "2": "high",
    "3": "high",
}

BILSKY: Final = BilskyScale(
    key="bilsky",
    name="Bilsky ESCC grade",
    version="2010-1c-indeterminate",
    source="Bilsky et al., J Neurosurg Spine 2010;13(3):324–328",
    spec_section="§4",
    confidence="2+",
    grades=MappingProxyType(
        {
            code: BilskyGrade(
                code,
                label,
                _GROUPS[code],
                "Management of grade 1c is controversial (surgery vs radiosurgery): "
                "indeterminate for NOMS, which shows both branches (spec §15.13)."
                if code == "1c"
                else None,
            )
            for code, label in BILSKY_GRADES.items()
        }
    ),
    caveats=(
        (
            "CV-BILSKY-01",
            "Graded on axial T2-weighted MRI at the level of most severe compression.",
        ),
        (
            "CV-BILSKY-02",
            "High grade (2–3) suggests decompression before radiotherapy unless the tumour is "
            "highly radiosensitive.",
        ),
    ),
    not_applicable_when=(BONY_OR_EPIDURAL_ONLY,),
)
