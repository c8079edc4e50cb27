"""Neurological and performance scales: Frankel, ASIA, KPS, ECOG (clinical-content §7).

Recorded, not derived: the engine reports the grade with its definition and never converts
one scale into another (KPS↔ECOG mappings disagree, §7.5; Frankel and ASIA differ, §7.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from spinepath.clinical.provenance import Confidence, Provenance, Statement

__all__ = ["ASIA_SCALE", "ECOG_SCALE", "FRANKEL_SCALE", "KPS_SCALE", "SCALES", "Scale"]


@dataclass(frozen=True)
class Scale:
    key: str
    fact: str
    name: str
    version: str
    source: str
    spec_section: str
    confidence: Confidence
    grades: MappingProxyType[str, str]
    """grade (as text) -> definition, best first."""
    caveats: tuple[tuple[str, str], ...]
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
        """(code, label, group, note) of every grade, best first (no groups or notes)."""
        return tuple((code, text, None, None) for code, text in self.grades.items())


def _grades(*pairs: tuple[object, str]) -> MappingProxyType[str, str]:
    return MappingProxyType({str(grade): text for grade, text in pairs})


FRANKEL_SCALE: Final = Scale(
    key="frankel",
    fact="frankel",
    name="Frankel grade",
    version="1969",
    source="Frankel et al., Paraplegia 1969;7(3):179–192",
    spec_section="§7.1",
    confidence="2+",
    grades=_grades(
        ("A", "Complete: no motor or sensory function below the level"),
        ("B", "Sensory only: some sensation preserved, no motor function"),
        ("C", "Motor useless: some motor function preserved but of no practical use"),
        ("D", "Motor useful: useful motor function (e.g. walking, with or without aids)"),
        ("E", "Normal motor and sensory function (abnormal reflexes allowed)"),
    ),
    caveats=(("CV-FRANKEL-01", "Not converted to or from the ASIA impairment scale."),),
)

ASIA_SCALE: Final = Scale(
    key="asia",
    fact="asia",
    name="ASIA Impairment Scale (AIS)",
    version="ISNCSCI",
    source="International Standards for Neurological Classification of Spinal Cord Injury "
    "(ASIA/ISCoS)",
    spec_section="§7.2",
    confidence="2+",
    grades=_grades(
        ("A", "Complete: no sensory or motor function preserved in sacral segments S4–S5"),
        (
            "B",
            "Sensory incomplete: sensory but not motor function preserved below the "
            "neurological level, including S4–S5",
        ),
        (
            "C",
            "Motor incomplete: more than half of key muscle functions below the single "
            "neurological level have grade < 3",
        ),
        (
            "D",
            "Motor incomplete: at least half of key muscle functions below the single "
            "neurological level have grade ≥ 3",
        ),
        ("E", "Normal: sensation and motor function normal in a person who had prior deficits"),
    ),
    caveats=(("CV-ASIA-01", "Not converted to or from the Frankel grade."),),
)

KPS_SCALE: Final = Scale(
    key="kps",
    fact="kps",
    name="Karnofsky Performance Status (KPS)",
    version="1948",
    source="Karnofsky et al., Cancer 1948;1:634–656",
    spec_section="§7.3",
    confidence="2+",
    grades=_grades(
        (100, "Normal; no complaints; no evidence of disease"),
        (90, "Able to carry on normal activity; minor signs or symptoms"),
        (80, "Normal activity with effort; some signs or symptoms"),
        (70, "Cares for self; unable to carry on normal activity or do active work"),
        (60, "Requires occasional assistance but able to care for most personal needs"),
        (50, "Requires considerable assistance and frequent medical care"),
        (40, "Disabled; requires special care and assistance"),
        (30, "Severely disabled; hospital admission indicated although death not imminent"),
        (20, "Very sick; hospital admission necessary; active supportive treatment necessary"),
        (10, "Moribund; fatal processes progressing rapidly"),
        (0, "Dead"),
    ),
    caveats=(("CV-KPS-01", "Never converted to or from ECOG: three published mappings disagree."),),
)

ECOG_SCALE: Final = Scale(
    key="ecog",
    fact="ecog",
    name="ECOG / WHO performance status",
    version="1982",
    source="Oken et al., Am J Clin Oncol 1982;5(6):649–655",
    spec_section="§7.4",
    confidence="2+",
    grades=_grades(
        (0, "Fully active; able to carry on all pre-disease performance without restriction"),
        (
            1,
            "Restricted in physically strenuous activity but ambulatory and able to do light "
            "or sedentary work",
        ),
        (
            2,
            "Ambulatory and capable of all self-care but unable to carry out any work; up and "
            "about more than 50% of waking hours",
        ),
        (
            3,
            "Capable of only limited self-care; confined to bed or chair more than 50% of "
            "waking hours",
        ),
        (4, "Completely disabled; no self-care; totally confined to bed or chair"),
        (5, "Dead"),
    ),
    caveats=(
        ("CV-ECOG-01", "Never converted to or from KPS: three published mappings disagree."),
        (
            "CV-ECOG-02",
            "Exactly 50% of waking hours in bed or chair is ambiguous between ECOG 2 and 3.",
        ),
    ),
)

SCALES: Final = (FRANKEL_SCALE, ASIA_SCALE, KPS_SCALE, ECOG_SCALE)
