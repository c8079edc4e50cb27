"""Tomita surgical strategy score (2001) (clinical-content §3)."""

from __future__ import annotations

from spinepath.clinical.logic import IsIn
from spinepath.clinical.provenance import Provenance
from spinepath.clinical.scores.common import (
    HAEMATOLOGICAL,
    METASTATIC_ONLY,
    MULTIPLE_SKELETAL,
    SOLITARY_SKELETAL,
    site_in,
)
from spinepath.clinical.scores.table import Band, Criterion, NotApplicableWhen, Option, PointTable

__all__ = ["TOMITA", "TOMITA_HAEMATOLOGICAL"]

TOMITA_HAEMATOLOGICAL = NotApplicableWhen(
    "NA-TOMITA-HAEM-01",
    HAEMATOLOGICAL,
    "myeloma and lymphoma are treated with radiotherapy and systemic therapy, so Tomita's "
    "surgical strategy does not apply",
    Provenance("clinical-content §15.14 (Tomita for haematological primaries)", "§15.14", "1"),
)

TOMITA = PointTable(
    key="tomita",
    name="Tomita score",
    version="2001-2026.12",
    source="Tomita et al., Spine 2001;26(3):298–306; Adler et al., J Cancer Metastasis Treat "
    "2019;5:45 Tables 7–8",
    spec_section="§3",
    confidence="2+",
    higher_is_better=False,
    criteria=(
        Criterion(
            "primary_growth",
            "Primary tumour (growth rate)",
            (
                Option(
                    "slow",
                    "Slow growth (e.g. breast, thyroid, prostate)",
                    1,
                    site_in("tomita", "slow"),
                ),
                Option(
                    "moderate",
                    "Moderate growth (e.g. kidney, uterus)",
                    2,
                    site_in("tomita", "moderate"),
                ),
                Option(
                    "rapid",
                    "Rapid growth (e.g. lung, liver, stomach, colon, unknown primary)",
                    4,
                    site_in("tomita", "rapid"),
                ),
            ),
            primary_site_mapping="tomita",
        ),
        Criterion(
            "visceral_metastases",
            "Visceral metastases",
            (
                Option("none", "None", 0, IsIn("visceral_metastases", frozenset({"none"}))),
                Option(
                    "treatable",
                    "Treatable",
                    2,
                    IsIn("visceral_metastases", frozenset({"removable"})),
                ),
                Option(
                    "untreatable",
                    "Untreatable",
                    4,
                    IsIn("visceral_metastases", frozenset({"unremovable"})),
                ),
            ),
        ),
        Criterion(
            "bone_metastases",
            "Bone metastases (including spine)",
            (
                Option("solitary", "Solitary or isolated", 1, SOLITARY_SKELETAL),
                Option("multiple", "Multiple", 2, MULTIPLE_SKELETAL),
            ),
        ),
    ),
    bands=(
        Band(
            "long_term_control",
            "Long-term local control (2–3)",
            2,
            3,
            "Suggests wide or marginal excision (e.g. total en bloc spondylectomy); mean "
            "survival 50 months (Adler 2019).",
            suggests_excision=True,
        ),
        Band(
            "middle_term_control",
            "Middle-term local control (4–5)",
            4,
            5,
            "Suggests marginal or intralesional excision; mean survival 23.5 months.",
        ),
        Band(
            "short_term_palliation",
            "Short-term palliation (6–7)",
            6,
            7,
            "Suggests palliative surgery; mean survival 15 months.",
        ),
        Band(
            "terminal_care",
            "Terminal care (8–10)",
            8,
            10,
            "Suggests supportive (non-operative) care, at most limited palliative surgery; "
            "mean survival 6 months.",
            suggests_supportive_care=True,
        ),
    ),
    caveats=(
        (
            "CV-TOMITA-01",
            "Rapid growth scores 4 (some tables print 3, which contradicts the published 2–10 "
            "range).",
        ),
        (
            "CV-TOMITA-02",
            "Growth categories are example lists: sites Tomita does not name need a locally "
            "agreed mapping with clinical sign-off.",
        ),
        ("CV-TOMITA-03", "Mean survival by band comes from one source (Adler 2019)."),
    ),
    not_applicable_when=(
        METASTATIC_ONLY,
        TOMITA_HAEMATOLOGICAL,
    ),
)
