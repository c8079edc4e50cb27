"""Bauer scores: modified (Leithner 2008) and original (Bauer & Wedin 1995), spec §6.1."""

from __future__ import annotations

from spinepath.clinical.logic import Condition, Is, IsIn
from spinepath.clinical.scores.common import (
    METASTATIC_ONLY,
    MULTIPLE_SKELETAL,
    SOLITARY_SKELETAL,
    site_in,
)
from spinepath.clinical.scores.table import Band, Criterion, Option, PointTable

__all__ = ["BAUER_MODIFIED", "BAUER_ORIGINAL"]


def _yes_no(code: str, label: str, yes: Condition, no: Condition) -> Criterion:
    return Criterion(code, label, (Option("yes", "Yes", 1, yes), Option("no", "No", 0, no)))


_NO_VISCERAL = _yes_no(
    "no_visceral_metastases",
    "No visceral metastases",
    IsIn("visceral_metastases", frozenset({"none"})),
    IsIn("visceral_metastases", frozenset({"removable", "unremovable"})),
)
_NOT_LUNG = Criterion(
    "not_lung",
    "Primary is not lung cancer",
    (
        Option("yes", "Yes", 1, site_in("bauer_lung", "no")),
        Option("no", "No (lung cancer)", 0, site_in("bauer_lung", "yes")),
    ),
    primary_site_mapping="bauer_lung",
)
_FAVOURABLE = Criterion(
    "favourable_primary",
    "Primary is breast, kidney, lymphoma or myeloma",
    (
        Option("yes", "Yes", 1, site_in("bauer_favourable", "yes")),
        Option("no", "No", 0, site_in("bauer_favourable", "no")),
    ),
    primary_site_mapping="bauer_favourable",
)
_SOLITARY = _yes_no(
    "solitary_skeletal_metastasis",
    "One solitary skeletal metastasis",
    SOLITARY_SKELETAL,
    MULTIPLE_SKELETAL,
)

BAUER_MODIFIED = PointTable(
    key="bauer_modified",
    name="Modified Bauer score",
    version="2008",
    source="Leithner et al., Eur Spine J 2008;17(11):1488–1495 (summary at dss.dign.eu)",
    spec_section="§6.1",
    confidence="1",
    higher_is_better=True,
    criteria=(_NO_VISCERAL, _NOT_LUNG, _FAVOURABLE, _SOLITARY),
    bands=(
        Band(
            "poor",
            "Poor (0–1)",
            0,
            1,
            "Suggests supportive care, no surgery.",
            suggests_supportive_care=True,
        ),
        Band(
            "intermediate",
            "Intermediate (2)",
            2,
            2,
            "Suggests short-term palliation: posterior (dorsal) surgery.",
        ),
        Band(
            "good",
            "Good (3–4)",
            3,
            4,
            "Suggests middle-term local control: combined anterior and posterior surgery.",
        ),
    ),
    caveats=(
        ("CV-BAUERM-01", "One source (Leithner 2008 summary): needs clinical sign-off."),
        (
            "CV-BAUERM-02",
            "A lung primary scores 0 on both primary items; breast, kidney, lymphoma and myeloma "
            "score on both.",
        ),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)

BAUER_ORIGINAL = PointTable(
    key="bauer_original",
    name="Original Bauer score",
    version="1995",
    source="Bauer & Wedin, Acta Orthop Scand 1995;66(2):143–146 [citation details unconfirmed]",
    spec_section="§6.1",
    confidence="UNCONFIRMED",
    higher_is_better=True,
    criteria=(
        _NO_VISCERAL,
        _yes_no(
            "no_pathological_fracture",
            "No pathological fracture",
            Is("pathological_fracture", False),
            Is("pathological_fracture", True),
        ),
        _SOLITARY,
        _NOT_LUNG,
        _FAVOURABLE,
    ),
    bands=(
        Band("poor", "Poor (0–1)", 0, 1, "Poor prognosis group."),
        Band("intermediate", "Intermediate (2–3)", 2, 3, "Intermediate prognosis group."),
        Band("good", "Good (4–5)", 4, 5, "Good prognosis group."),
    ),
    caveats=(
        (
            "CV-BAUERO-01",
            "The original Bauer bands (0–1 / 2–3 / 4–5) are as commonly quoted, not confirmed in "
            "the original paper: needs clinical sign-off.",
        ),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)
