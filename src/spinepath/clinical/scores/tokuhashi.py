"""Tokuhashi scores: revised (2005) and original (1990) (clinical-content §2)."""

from __future__ import annotations

from spinepath.clinical.logic import Between, IsIn
from spinepath.clinical.scores.common import METASTATIC_ONLY, kps_between, site_in
from spinepath.clinical.scores.table import Band, Criterion, Option, PointTable

__all__ = ["TOKUHASHI_1990", "TOKUHASHI_REVISED"]

_GENERAL_CONDITION = Criterion(
    "general_condition",
    "General condition (Karnofsky performance status)",
    (
        Option("poor", "Poor (KPS 10–40%)", 0, kps_between(10, 40)),
        Option("moderate", "Moderate (KPS 50–70%)", 1, kps_between(50, 70)),
        Option("good", "Good (KPS 80–100%)", 2, kps_between(80, 100)),
    ),
)
_EXTRASPINAL = Criterion(
    "extraspinal_bone_metastases",
    "Number of extraspinal bone metastasis foci",
    (
        Option("three_or_more", "≥ 3", 0, Between("extraspinal_bone_metastases", 3, None)),
        Option("one_or_two", "1–2", 1, Between("extraspinal_bone_metastases", 1, 2)),
        Option("none", "0", 2, Between("extraspinal_bone_metastases", 0, 0)),
    ),
)
_VERTEBRAL = Criterion(
    "vertebral_metastases",
    "Number of metastases in the vertebral body",
    (
        Option("three_or_more", "≥ 3", 0, Between("vertebral_metastases", 3, None)),
        Option("two", "2", 1, Between("vertebral_metastases", 2, 2)),
        Option("one", "1", 2, Between("vertebral_metastases", 1, 1)),
    ),
)
_VISCERAL = Criterion(
    "visceral_metastases",
    "Metastases to the major internal organs",
    (
        Option(
            "unremovable", "Unremovable", 0, IsIn("visceral_metastases", frozenset({"unremovable"}))
        ),
        Option("removable", "Removable", 1, IsIn("visceral_metastases", frozenset({"removable"}))),
        Option("none", "No metastases", 2, IsIn("visceral_metastases", frozenset({"none"}))),
    ),
)
_PALSY = Criterion(
    "palsy",
    "Palsy (spinal cord), from the Frankel grade",
    (
        Option("complete", "Complete (Frankel A, B)", 0, IsIn("frankel", frozenset({"A", "B"}))),
        Option(
            "incomplete", "Incomplete (Frankel C, D)", 1, IsIn("frankel", frozenset({"C", "D"}))
        ),
        Option("none", "None (Frankel E)", 2, IsIn("frankel", frozenset({"E"}))),
    ),
)

TOKUHASHI_REVISED = PointTable(
    key="tokuhashi_revised",
    name="Revised Tokuhashi score (2005)",
    version="2005",
    source="Tokuhashi et al., Spine 2005;30(19):2186–2191; NICE CG75 Appendix 3 (corrected table)",
    spec_section="§2.1",
    confidence="2+",
    higher_is_better=True,
    criteria=(
        _GENERAL_CONDITION,
        _EXTRASPINAL,
        _VERTEBRAL,
        _VISCERAL,
        Criterion(
            "primary_site",
            "Primary site of the cancer",
            (
                Option(
                    "lung_group",
                    "Lung, osteosarcoma, stomach, bladder, oesophagus, pancreas",
                    0,
                    site_in("tokuhashi_2005", "lung_group"),
                ),
                Option(
                    "liver_group",
                    "Liver, gallbladder, unidentified",
                    1,
                    site_in("tokuhashi_2005", "liver_group"),
                ),
                Option("others", "Others", 2, site_in("tokuhashi_2005", "others")),
                Option(
                    "kidney_uterus", "Kidney, uterus", 3, site_in("tokuhashi_2005", "kidney_uterus")
                ),
                Option("rectum", "Rectum", 4, site_in("tokuhashi_2005", "rectum")),
                Option(
                    "slow_group",
                    "Thyroid, breast, prostate, carcinoid tumour",
                    5,
                    site_in("tokuhashi_2005", "slow_group"),
                ),
            ),
            primary_site_mapping="tokuhashi_2005",
        ),
        _PALSY,
    ),
    bands=(
        Band(
            "lt_6_months",
            "Predicted survival < 6 months (0–8)",
            0,
            8,
            "Associated with survival under 6 months; Tokuhashi suggests conservative "
            "treatment (palliative surgery possible).",
        ),
        Band(
            "ge_6_months",
            "Predicted survival ≥ 6 months (9–11)",
            9,
            11,
            "Associated with survival of 6 months or more; Tokuhashi suggests palliative "
            "surgery, excisional surgery only for a single lesion without metastases to "
            "major internal organs.",
        ),
        Band(
            "ge_12_months",
            "Predicted survival ≥ 1 year (12–15)",
            12,
            15,
            "Associated with survival of a year or more; Tokuhashi suggests excisional surgery.",
            suggests_excision=True,
        ),
    ),
    caveats=(
        (
            "CV-TOKR-01",
            "KPS and ECOG are never converted: without a KPS the general-condition item stays "
            "open.",
        ),
        (
            "CV-TOKR-02",
            "Palsy is read from the Frankel grade only (ASIA is not converted to Frankel).",
        ),
        ("CV-TOKR-03", "Pooled predictive accuracy about 63% across 10 studies (Zoccali et al.)."),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)

TOKUHASHI_1990 = PointTable(
    key="tokuhashi_1990",
    name="Original Tokuhashi score (1990)",
    version="1990",
    source="Tokuhashi et al., Spine 1990;15(11):1110–1113 (table via medicalalgorithms.com)",
    spec_section="§2.2",
    confidence="1",
    higher_is_better=True,
    criteria=(
        _GENERAL_CONDITION,
        _EXTRASPINAL,
        _VERTEBRAL,
        _VISCERAL,
        Criterion(
            "primary_site",
            "Primary site of the cancer (1990)",
            (
                Option(
                    "lung_stomach", "Lung, stomach", 0, site_in("tokuhashi_1990", "lung_stomach")
                ),
                Option(
                    "intermediate_group",
                    "Kidney, liver, uterus, other, unidentified",
                    1,
                    site_in("tokuhashi_1990", "intermediate_group"),
                ),
                Option(
                    "favourable_group",
                    "Thyroid, prostate, breast, rectum",
                    2,
                    site_in("tokuhashi_1990", "favourable_group"),
                ),
            ),
            primary_site_mapping="tokuhashi_1990",
        ),
        _PALSY,
    ),
    bands=(
        Band(
            "poor",
            "Poor (0–5)",
            0,
            5,
            "Usually survival of 3 months or less (some to 6): suggests palliative care.",
            suggests_supportive_care=True,
        ),
        Band(
            "intermediate",
            "Intermediate (6–8)",
            6,
            8,
            "Variable survival (most under 6 months, some to 12): decision individualised.",
        ),
        Band(
            "good",
            "Good (9–12)",
            9,
            12,
            "Associated with survival of 12 months or more: candidate for excisional surgery.",
            suggests_excision=True,
        ),
    ),
    caveats=(
        ("CV-TOK90-01", "One source only (medicalalgorithms.com): needs clinical sign-off."),
        (
            "CV-TOK90-02",
            "Enkaoua et al. proposed scoring an unidentified primary 0 (not used here).",
        ),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)
