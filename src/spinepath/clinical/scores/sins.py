"""SINS – Spinal Instability Neoplastic Score, per lesion (clinical-content §1)."""

from __future__ import annotations

from spinepath.clinical.catalogue import HISTOLOGIES, LEVEL_LOCATION
from spinepath.clinical.logic import AllOf, AnyOf, IsIn, Missing
from spinepath.clinical.provenance import Provenance
from spinepath.clinical.scores.table import Band, Criterion, NotApplicableWhen, Option, PointTable

__all__ = ["BONY_OR_EPIDURAL_ONLY", "INTRADURAL_COMPARTMENTS", "INTRADURAL_HISTOLOGIES", "SINS"]

INTRADURAL_COMPARTMENTS = frozenset({"intradural_extramedullary", "intramedullary"})

INTRADURAL_HISTOLOGIES = frozenset(
    code for code, h in HISTOLOGIES.items() if h.compartment in INTRADURAL_COMPARTMENTS
)

BONY_OR_EPIDURAL_ONLY = NotApplicableWhen(
    "NA-INTRADURAL-01",
    AnyOf(
        (
            IsIn("compartment", INTRADURAL_COMPARTMENTS),
            # A lesion whose compartment is not recorded lies where its histology grows
            # (catalogue §10.1: a meningioma is intradural extramedullary).
            AllOf((Missing("compartment"), IsIn("histology", INTRADURAL_HISTOLOGIES))),
        )
    ),
    "it describes bony and epidural disease, and this lesion is intradural or intramedullary",
    Provenance("clinical-content §15.7 safety amendment", "§15.7", "2+"),
)
"""SINS and Bilsky are scales for epidural and bony disease (spec §15.7)."""


def _levels(location: str) -> frozenset[str]:
    return frozenset(level for level, loc in LEVEL_LOCATION.items() if loc == location)


def _is(fact: str, code: str) -> IsIn:
    return IsIn(fact, frozenset({code}))


SINS = PointTable(
    key="sins",
    name="SINS (Spinal Instability Neoplastic Score)",
    version="2010-2026.12",
    source="Fisher et al., Spine 2010;35(22):E1221–E1229; Fourney et al., J Clin Oncol 2011",
    spec_section="§1",
    confidence="2+",
    higher_is_better=False,
    criteria=(
        Criterion(
            "location",
            "Location",
            (
                Option(
                    "junctional",
                    "Junctional (occiput–C2, C7–T2, T11–L1, L5–S1)",
                    3,
                    IsIn("level", _levels("junctional")),
                ),
                Option(
                    "mobile", "Mobile spine (C3–C6, L2–L4)", 2, IsIn("level", _levels("mobile"))
                ),
                Option(
                    "semi_rigid", "Semi-rigid (T3–T10)", 1, IsIn("level", _levels("semi_rigid"))
                ),
                Option("rigid", "Rigid (S2–S5)", 0, IsIn("level", _levels("rigid"))),
            ),
        ),
        Criterion(
            "pain",
            "Pain",
            (
                Option("mechanical", "Mechanical pain", 3, _is("pain", "mechanical")),
                Option(
                    "occasional", "Occasional pain, not mechanical", 1, _is("pain", "occasional")
                ),
                Option("none", "Pain-free lesion", 0, _is("pain", "none")),
            ),
        ),
        Criterion(
            "bone_lesion",
            "Bone lesion quality",
            (
                Option("lytic", "Lytic", 2, _is("bone_lesion", "lytic")),
                Option("mixed", "Mixed (lytic/blastic)", 1, _is("bone_lesion", "mixed")),
                Option("blastic", "Blastic", 0, _is("bone_lesion", "blastic")),
            ),
        ),
        Criterion(
            "alignment",
            "Radiographic spinal alignment",
            (
                Option(
                    "subluxation", "Subluxation / translation", 4, _is("alignment", "subluxation")
                ),
                Option(
                    "deformity",
                    "De novo deformity (kyphosis / scoliosis)",
                    2,
                    _is("alignment", "deformity"),
                ),
                Option("normal", "Normal alignment", 0, _is("alignment", "normal")),
            ),
        ),
        Criterion(
            "collapse",
            "Vertebral body collapse",
            (
                Option("over_50", "> 50% collapse", 3, _is("collapse", "over_50")),
                Option("under_50", "< 50% collapse", 2, _is("collapse", "under_50")),
                Option(
                    "body_involved",
                    "No collapse, > 50% of the body involved",
                    1,
                    _is("collapse", "body_involved"),
                ),
                Option("none", "None of the above", 0, _is("collapse", "none")),
            ),
        ),
        Criterion(
            "posterolateral",
            "Posterolateral involvement of spinal elements",
            (
                Option("bilateral", "Bilateral", 3, _is("posterolateral", "bilateral")),
                Option("unilateral", "Unilateral", 1, _is("posterolateral", "unilateral")),
                Option("none", "None of the above", 0, _is("posterolateral", "none")),
            ),
        ),
    ),
    bands=(
        Band("stable", "Stable (0–6)", 0, 6, "Suggests a stable spine."),
        Band(
            "potentially_unstable",
            "Potentially unstable (7–12)",
            7,
            12,
            "Indeterminate (possibly impending) instability: suggests a spinal surgical opinion.",
        ),
        Band(
            "unstable",
            "Unstable (13–18)",
            13,
            18,
            "Suggests instability: a spinal surgical opinion is warranted.",
        ),
    ),
    caveats=(
        (
            "CV-SINS-01",
            "A SINS of 7–18 warrants surgical consultation before planned radiotherapy.",
        ),
        (
            "CV-SINS-02",
            "Collapse of exactly 50% is undefined by SINS: choose the category on imaging.",
        ),
    ),
    not_applicable_when=(BONY_OR_EPIDURAL_ONLY,),
)
