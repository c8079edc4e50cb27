"""Bilsky ESCC (epidural spinal cord compression) grade (clinical-content §4).

Not a total: an ordered grade per lesion (0 < 1a < 1b < 1c < 2 < 3), the case grade is the
most severe, and the group is low (0–1c) or high (2–3).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

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
    confidence: str
    grades: MappingProxyType[str, BilskyGrade]
    caveats: tuple[str, ...]

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"

    def rank(self, code: str) -> int:
        return list(self.grades).index(code)


_GROUPS = {"0": "low", "1a": "low", "1b": "low", "1c": "low", "2": "high", "3": "high"}

BILSKY: Final = BilskyScale(
    key="bilsky",
    name="Bilsky ESCC grade",
    version="2010",
    source="Bilsky et al., J Neurosurg Spine 2010;13(3):324–328",
    spec_section="§4",
    confidence="2+",
    grades=MappingProxyType(
        {
            code: BilskyGrade(
                code,
                label,
                _GROUPS[code],
                "Management of grade 1c is controversial (surgery vs radiosurgery); "
                "treated as low grade here."
                if code == "1c"
                else None,
            )
            for code, label in BILSKY_GRADES.items()
        }
    ),
    caveats=(
        "Graded on axial T2-weighted MRI at the level of most severe compression.",
        "High grade (2–3) suggests decompression before radiotherapy unless the tumour is "
        "highly radiosensitive.",
    ),
)
