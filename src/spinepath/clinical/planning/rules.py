"""Planning rules as data: the NOMS table, biopsy, en bloc excision, systemic therapy,
observation, best supportive care and the supportive-care bundle.

Conditions read the case's facts plus a few *derived* facts the planning engine adds
(``DERIVED_FACTS``) and other scores' totals (``score:<key>``). Every recommendation is
worded "suggests": the MDT decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from spinepath.clinical.logic import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    HasAny,
    Is,
    IsIn,
    Not,
    Recorded,
    ScoreBetween,
)
from spinepath.clinical.scores import POINT_TABLES
from spinepath.clinical.scores.common import SOLITARY_SKELETAL
from spinepath.clinical.triage.rules import NG234_PAIN_FEATURES, SPINAL_METASTASIS_PAIN

__all__ = [
    "DERIVED_FACTS",
    "NOMS_RULES",
    "OTHER_RULES",
    "RECOMMENDATIONS",
    "RULESET_VERSION",
    "PlanRule",
    "Recommendation",
]

RULESET_VERSION: Final = "2026.11"

DERIVED_FACTS: Final = MappingProxyType(
    {
        "radiosensitivity": "radiosensitivity of the primary tumour (catalogue)",
        "bilsky_group": "Bilsky group of the most compressed level",
        "histology_behaviour": "benign or malignant (catalogue, from the histology)",
        "primary_bone_tumour": "a primary tumour of bone (catalogue, from the histology)",
        "lesion_pain": "pain at any lesion (from the lesions' SINS pain item)",
    }
)
"""Facts the planning engine derives before evaluating rules, and what they mean."""


@dataclass(frozen=True)
class Recommendation:
    code: str
    label: str
    text: str


RECOMMENDATIONS: Final = MappingProxyType(
    {
        r.code: r
        for r in (
            Recommendation(
                "stabilisation",
                "Stabilisation",
                "Suggests spinal stabilisation, open or minimally invasive (percutaneous, "
                "keyhole) under X-ray guidance, before radiotherapy.",
            ),
            Recommendation(
                "decompression_and_stabilisation",
                "Decompression and stabilisation (separation surgery)",
                "Suggests decompression ('separation surgery': a margin between tumour and "
                "cord) with stabilisation, followed by stereotactic radiosurgery.",
            ),
            Recommendation(
                "cebrt",
                "Conventional external-beam radiotherapy (cEBRT)",
                "Suggests conventional external-beam radiotherapy.",
            ),
            Recommendation(
                "srs",
                "Stereotactic radiosurgery (SRS/SBRT)",
                "Suggests stereotactic radiosurgery / stereotactic body radiotherapy.",
            ),
            Recommendation(
                "surgical_opinion",
                "Spinal surgical opinion",
                "SINS 7 or more: suggests a spinal surgical opinion on stability before "
                "planned radiotherapy.",
            ),
            Recommendation(
                "biopsy",
                "Biopsy",
                "Suggests a biopsy for tissue diagnosis before definitive surgery.",
            ),
            Recommendation(
                "en_bloc_excision",
                "En bloc excision",
                "Suggests considering en bloc excision (e.g. total en bloc spondylectomy) if "
                "the patient is fit for major surgery: the prognosis scores and tumour support it.",
            ),
            Recommendation(
                "systemic_therapy",
                "Systemic therapy",
                "Suggests oncology review of systemic therapy for the primary cancer "
                "(chemotherapy, hormonal, targeted or immunotherapy).",
            ),
            Recommendation(
                "observation",
                "Observation",
                "A benign tumour that compromises neither stability nor the cord: suggests "
                "observation with follow-up imaging; no treatment may be needed.",
            ),
            Recommendation(
                "best_supportive_care",
                "Best supportive care",
                "Prognosis scores point towards best supportive care: suggests discussing with "
                "the patient whether treatment beyond supportive care is in their interest, "
                "with the palliative care team.",
            ),
            Recommendation(
                "vertebral_augmentation",
                "Vertebral augmentation",
                "Suggests considering vertebral augmentation.",
            ),
            Recommendation(
                "analgesia", "Analgesia", "Suggests a pain assessment and adequate analgesia."
            ),
            Recommendation(
                "physiotherapy",
                "Physiotherapy",
                "Suggests physiotherapy for mobility and strength, within the safe limits of "
                "spinal stability.",
            ),
            Recommendation(
                "occupational_therapy",
                "Occupational therapy",
                "Suggests occupational therapy for daily activities, equipment and home "
                "adaptation.",
            ),
            Recommendation(
                "bladder_and_bowel_management",
                "Bladder and bowel management",
                "Suggests a bladder and bowel management plan (continence assessment, catheter "
                "or bowel regimen as needed).",
            ),
            Recommendation(
                "social_services",
                "Social services",
                "Suggests a referral to social services for care needs and support at home.",
            ),
            Recommendation(
                "skin_care",
                "Skin care",
                "Suggests pressure-area skin care: reduced mobility or sensation raises the risk "
                "of pressure ulcers.",
            ),
        )
    }
)


@dataclass(frozen=True)
class PlanRule:
    code: str
    when: Condition
    recommends: tuple[str, ...]
    """Recommendation codes, in the order they would be done ("then")."""
    rationale: str
    source: str
    confidence: str
    note: str | None = None

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


# --- NOMS (clinical-content §5.1; cells UNCONFIRMED, logic [2+]) -------------------------

_LOW = AllOf((IsIn("bilsky_group", frozenset({"low"})), Is("myelopathy", False)))
_HIGH = IsIn("bilsky_group", frozenset({"high"}))
_SENSITIVE = IsIn("radiosensitivity", frozenset({"sensitive", "intermediate"}))
_RESISTANT = IsIn("radiosensitivity", frozenset({"resistant"}))
_STABLE = ScoreBetween("sins", 0, 6)
_UNSTABLE = ScoreBetween("sins", 7, 18)
_FIT = Is("fit_for_surgery", True)
_UNFIT = Is("fit_for_surgery", False)

_NOMS_SOURCE = "Laufer et al., Oncologist 2013;18(6):744–751 (NOMS), table as commonly reproduced"
_NOMS_ROWS = (
    ("NOMS-01", (_LOW, _SENSITIVE, _STABLE), ("cebrt",), "low-grade ESCC, radiosensitive, stable"),
    (
        "NOMS-02",
        (_LOW, _SENSITIVE, _UNSTABLE),
        ("stabilisation", "cebrt"),
        "low-grade ESCC, radiosensitive, unstable",
    ),
    ("NOMS-03", (_LOW, _RESISTANT, _STABLE), ("srs",), "low-grade ESCC, radioresistant, stable"),
    (
        "NOMS-04",
        (_LOW, _RESISTANT, _UNSTABLE),
        ("stabilisation", "srs"),
        "low-grade ESCC, radioresistant, unstable",
    ),
    (
        "NOMS-05",
        (_HIGH, _SENSITIVE, _STABLE),
        ("cebrt",),
        "high-grade ESCC, radiosensitive, stable: radiosensitive tumours do not need decompression",
    ),
    (
        "NOMS-06",
        (_HIGH, _SENSITIVE, _UNSTABLE),
        ("stabilisation", "cebrt"),
        "high-grade ESCC, radiosensitive, unstable",
    ),
    (
        "NOMS-07",
        (_HIGH, _RESISTANT, _STABLE, _FIT),
        ("decompression_and_stabilisation", "srs"),
        "high-grade ESCC, radioresistant, stable, able to tolerate surgery",
    ),
    (
        "NOMS-08",
        (_HIGH, _RESISTANT, _STABLE, _UNFIT),
        ("cebrt",),
        "high-grade ESCC, radioresistant, stable, unable to tolerate surgery",
    ),
    (
        "NOMS-09",
        (_HIGH, _RESISTANT, _UNSTABLE, _FIT),
        ("decompression_and_stabilisation", "srs"),
        "high-grade ESCC, radioresistant, unstable, able to tolerate surgery",
    ),
    (
        "NOMS-10",
        (_HIGH, _RESISTANT, _UNSTABLE, _UNFIT),
        ("stabilisation", "cebrt"),
        "high-grade ESCC, radioresistant, unstable, unable to tolerate surgery",
    ),
)

NOMS_RULES: Final[tuple[PlanRule, ...]] = tuple(
    PlanRule(
        code,
        AllOf(parts),
        recommends,
        f"NOMS: {reading}.",
        _NOMS_SOURCE,
        "UNCONFIRMED",
        note=(
            "NOMS gives 'stabilisation (e.g. percutaneous) then cEBRT, or cEBRT alone' here: "
            "the MDT should weigh both."
            if code == "NOMS-10"
            else None
        ),
    )
    for code, parts, recommends, reading in _NOMS_ROWS
)


# --- Everything else --------------------------------------------------------------------


def _bands_flagged(flag: str) -> Condition:
    """Any prognostic score lies in a band its source reads as ``flag`` (data on the bands)."""
    return AnyOf(
        tuple(
            ScoreBetween(table.key, band.low, band.high)
            for table in POINT_TABLES
            for band in table.bands
            if getattr(band, flag)
        )
    )


_SUPPORTIVE_SOURCE = (
    "Supportive-care list from the clinic's own description (product.md); the trigger "
    "conditions are local and need clinical sign-off"
)
_NOT_INDEPENDENT = IsIn("ambulatory", frozenset({"assisted", "non_ambulatory"}))
_NEURO_DEFICIT = IsIn("frankel", frozenset({"A", "B", "C", "D"}))
_SEVERE_DEFICIT = IsIn("frankel", frozenset({"A", "B", "C"}))
_EN_BLOC_HISTOLOGIES = frozenset(
    {"chordoma", "chondrosarcoma", "giant_cell_tumour", "osteoblastoma"}
)

OTHER_RULES: Final[tuple[PlanRule, ...]] = (
    PlanRule(
        "PL-SINS-01",
        ScoreBetween("sins", 7, 18),
        ("surgical_opinion",),
        "SINS 7–18 (potentially unstable or unstable) warrants surgical consultation.",
        "Fisher 2010 / Fourney 2011 via Radiopaedia, Oxford Medical Education (spec §1.3)",
        "2+",
    ),
    PlanRule(
        "PL-BIOPSY-01",
        IsIn("primary_site", frozenset({"unknown"})),
        ("biopsy",),
        "No primary tumour found: tissue is needed to learn the tumour's nature and likely course.",
        "product.md (biopsy may be essential before treatment); NG234 [UNCONFIRMED detail]",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-BIOPSY-02",
        SOLITARY_SKELETAL,
        ("biopsy",),
        "A solitary spinal lesion may be a new primary tumour: confirm the diagnosis before "
        "definitive surgery.",
        "product.md; spinepath issue 2 (local rule)",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-BIOPSY-03",
        AnyOf(
            (
                IsIn("primary_site", frozenset({"osteosarcoma", "sarcoma"})),
                Is("primary_bone_tumour", True),
            )
        ),
        ("biopsy",),
        "A suspected primary bone tumour needs a tissue diagnosis and staging (Enneking) "
        "before definitive surgery; plan the biopsy track with the surgical team.",
        "Enneking et al. 1980 (spec §8.1); Boriani (Springer chapter) [1]",
        "1",
    ),
    PlanRule(
        "PL-BIOPSY-04",
        AllOf(
            (
                IsIn("primary_site", frozenset({"lymphoma", "unknown"})),
                Not(IsIn("histology", frozenset({"lymphoma"}))),
            )
        ),
        ("biopsy",),
        "Lymphoma is possible: steroids before biopsy can prevent the diagnosis; discuss "
        "timing of dexamethasone against the urgency of cord compression.",
        "Spec §9.4 (revisemsra) [1/UNCONFIRMED as NICE]",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-ENBLOC-01",
        AllOf((SOLITARY_SKELETAL, _bands_flagged("suggests_excision"))),
        ("en_bloc_excision",),
        "A solitary lesion with a prognosis score in the band its source reads as excisional "
        "surgery (Tomita 2–3, revised Tokuhashi 12–15, original Tokuhashi 9–12).",
        "Tomita 2001; Tokuhashi 2005 treatment column [1] (spec §2.1, §3)",
        "1",
    ),
    PlanRule(
        "PL-ENBLOC-02",
        IsIn("histology", _EN_BLOC_HISTOLOGIES),
        ("en_bloc_excision",),
        "Aggressive benign (Enneking 3) and low-grade malignant (IA/IB) primary bone tumours "
        "such as chordoma and chondrosarcoma are treated by en bloc resection.",
        "Boriani et al., Springer 'Lumbar en bloc resection' chapter (spec §8.1) [1]",
        "1",
    ),
    PlanRule(
        "PL-SYST-01",
        AllOf(
            (
                IsIn("cancer_history", frozenset({"known"})),
                Recorded("primary_site"),
                Not(IsIn("primary_site", frozenset({"unknown"}))),
            )
        ),
        ("systemic_therapy",),
        "Metastatic disease from a known primary: systemic therapy is one of the NOMS options.",
        "NOMS framework options (StatPearls NBK441950; thespinebook) [2+]",
        "2+",
    ),
    PlanRule(
        "PL-OBS-01",
        AllOf(
            (
                IsIn("histology_behaviour", frozenset({"benign"})),
                IsIn("bilsky_group", frozenset({"low"})),
                ScoreBetween("sins", 0, 6),
                Is("myelopathy", False),
            )
        ),
        ("observation",),
        "A benign tumour with low-grade compression, a stable spine and no myelopathy: "
        "intervention is warranted when a tumour compromises health or surrounding structures.",
        "product.md (a tumour does not necessarily need treatment); local rule",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-BSC-01",
        _bands_flagged("suggests_supportive_care"),
        ("best_supportive_care",),
        "At least one prognostic score lies in a band its source reads as supportive care "
        "(Tomita 8–10, modified Bauer 0–1, original Tokuhashi 0–5).",
        "Tomita 2001; Leithner 2008; Tokuhashi 1990 (spec §2–3, §6.1)",
        "1",
    ),
    PlanRule(
        "SC-ANALGESIA",
        AnyOf(
            (
                IsIn("lesion_pain", frozenset({"mechanical", "occasional"})),
                HasAny(
                    "symptoms", SPINAL_METASTASIS_PAIN | NG234_PAIN_FEATURES | {"radicular_pain"}
                ),
            )
        ),
        ("analgesia",),
        "Spinal pain is recorded.",
        "NG234 (BMJ 2023 summary: adequate analgesia promptly, individual pain assessment) [1]",
        "1",
    ),
    PlanRule(
        "SC-PHYSIO",
        AnyOf(
            (
                _NOT_INDEPENDENT,
                _NEURO_DEFICIT,
                HasAny("symptoms", frozenset({"limb_weakness", "difficulty_walking"})),
            )
        ),
        ("physiotherapy",),
        "Walking or limb strength is impaired.",
        _SUPPORTIVE_SOURCE,
        "UNCONFIRMED",
    ),
    PlanRule(
        "SC-OT",
        AnyOf((_NOT_INDEPENDENT, Between("kps", None, 60), Between("ecog", 3, None))),
        ("occupational_therapy",),
        "Needs help with walking or personal care (KPS 60 or less: 'requires occasional "
        "assistance'; ECOG 3 or more: 'capable of only limited self-care').",
        _SUPPORTIVE_SOURCE,
        "UNCONFIRMED",
    ),
    PlanRule(
        "SC-BLADDER-BOWEL",
        AnyOf((HasAny("symptoms", frozenset({"bladder_or_bowel_dysfunction"})), _SEVERE_DEFICIT)),
        ("bladder_and_bowel_management",),
        "Bladder or bowel dysfunction, or a severe neurological deficit (Frankel A–C).",
        _SUPPORTIVE_SOURCE,
        "UNCONFIRMED",
    ),
    PlanRule(
        "SC-SOCIAL",
        AnyOf(
            (
                IsIn("ambulatory", frozenset({"non_ambulatory"})),
                Between("kps", None, 50),
                Between("ecog", 3, None),
            )
        ),
        ("social_services",),
        "Cannot walk, or needs considerable assistance (KPS 50 or less, ECOG 3 or more).",
        _SUPPORTIVE_SOURCE,
        "UNCONFIRMED",
    ),
    PlanRule(
        "SC-SKIN",
        AnyOf(
            (
                IsIn("ambulatory", frozenset({"non_ambulatory"})),
                _SEVERE_DEFICIT,
                HasAny("symptoms", frozenset({"sensory_loss"})),
                Between("ecog", 4, None),
            )
        ),
        ("skin_care",),
        "Immobility or loss of sensation.",
        _SUPPORTIVE_SOURCE,
        "UNCONFIRMED",
    ),
)
