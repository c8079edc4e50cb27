"""van der Linden survival score (2005) (clinical-content §6.5)."""

from __future__ import annotations

from spinepath.clinical.logic import IsIn
from spinepath.clinical.scores.common import METASTATIC_ONLY, kps_between, site_in
from spinepath.clinical.scores.table import Band, Criterion, Option, PointTable

__all__ = ["VAN_DER_LINDEN"]

VAN_DER_LINDEN = PointTable(
    key="van_der_linden",
    name="van der Linden score",
    version="2005",
    source="van der Linden et al., Cancer 2005;103(2):320–328 (table via medicalalgorithms.com)",
    spec_section="§6.5",
    confidence="1",
    higher_is_better=True,
    criteria=(
        Criterion(
            "kps",
            "Karnofsky performance status",
            (
                Option("kps_80_100", "80–100", 2, kps_between(80, 100)),
                Option("kps_50_70", "50–70", 1, kps_between(50, 70)),
                Option("kps_20_40", "20–40", 0, kps_between(20, 40)),
            ),
        ),
        Criterion(
            "primary_tumour",
            "Primary tumour",
            (
                Option("breast", "Breast", 3, site_in("van_der_linden", "breast")),
                Option("prostate", "Prostate", 2, site_in("van_der_linden", "prostate")),
                Option("lung", "Lung", 1, site_in("van_der_linden", "lung")),
                Option("other", "Other", 0, site_in("van_der_linden", "other")),
            ),
            primary_site_mapping="van_der_linden",
        ),
        Criterion(
            "visceral_metastases",
            "Visceral metastases",
            (
                Option("absent", "Absent", 1, IsIn("visceral_metastases", frozenset({"none"}))),
                Option(
                    "present",
                    "Present",
                    0,
                    IsIn("visceral_metastases", frozenset({"removable", "unremovable"})),
                ),
            ),
        ),
    ),
    bands=(
        Band(
            "group_a",
            "Group A (0–3)",
            0,
            3,
            "Median survival about 3 months (about 4% at 2 years).",
        ),
        Band("group_b", "Group B (4–5)", 4, 5, "Median survival about 9 months (22% at 2 years)."),
        Band("group_c", "Group C (6)", 6, 6, "Median survival about 19 months (37% at 2 years)."),
    ),
    caveats=(
        ("CV-VDL-01", "One source (medicalalgorithms.com): needs clinical sign-off."),
        (
            "CV-VDL-02",
            "KPS below 20 is outside every band: the score is not applicable (not mapped to 0).",
        ),
    ),
    not_applicable_when=(METASTATIC_ONLY,),
)
