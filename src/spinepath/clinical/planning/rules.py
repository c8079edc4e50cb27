"""Planning rules as data: the NOMS table, surgical opinion, biopsy, en bloc excision,
tumour resection, systemic therapy, observation, best supportive care, the supportive-care
bundle, the fitness gate and the pairs of recommendations that exclude each other.

Conditions read the case's facts plus *derived* facts the planning engine adds
(``DERIVED_FACTS``) and other scores' totals (``score:<key>``). Every recommendation is
worded "suggests": the MDT decides. The safety amendments of spec §15 (2026-11-29) are
implemented here: §15.3 (SINS 7–12 asks a surgeon), §15.4 (no surgery for the unfit),
§15.5 (en bloc only where tumour and patient support it), §15.7 (benign, intradural and
intramedullary tumours), §15.8 (a plan does not contradict itself), §15.13 (Bilsky 1c).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from spinepath.clinical.catalogue import (
    EN_BLOC_BONE_TUMOURS,
    HAEMATOLOGICAL_HISTOLOGIES,
    HAEMATOLOGICAL_SITES,
    HISTOLOGIES,
    IMAGING_TYPICAL_BENIGN,
    INTRADURAL_RESECTABLE,
)
from spinepath.clinical.logic import (
    AllOf,
    AnyOf,
    Between,
    Condition,
    HasAny,
    Is,
    IsIn,
    Missing,
    Not,
    Recorded,
    ScoreBetween,
    recorded_in,
)
from spinepath.clinical.provenance import Confidence, Provenance
from spinepath.clinical.scores import POINT_TABLES
from spinepath.clinical.scores.common import NOT_METASTATIC_HISTOLOGIES, SOLITARY_SKELETAL
from spinepath.clinical.triage.rules import NEUROLOGICAL, PAIN_FEATURES

__all__ = [
    "CAVEAT_RULES",
    "DERIVED_FACTS",
    "FITNESS_GATE",
    "INCOMPATIBLE",
    "NOMS_BRANCH_LABELS",
    "NOMS_RULES",
    "OTHER_RULES",
    "RECOMMENDATIONS",
    "RULESET_VERSION",
    "SURGICAL",
    "Gate",
    "Incompatibility",
    "PlanRule",
    "Recommendation",
]

RULESET_VERSION: Final = "2026.12"

_S15 = "clinical-content §15 safety amendments (2026-11-29)"

DERIVED_FACTS: Final = MappingProxyType(
    {
        "radiosensitivity": "radiosensitivity of the primary tumour for NOMS, sensitive or "
        "resistant (catalogue, §15.14)",
        "bilsky_group": "Bilsky group of the most compressed level: low, indeterminate (1c) or "
        "high (§4, §15.13)",
        "noms_neurologic": "NOMS N: low (low-grade ESCC without myelopathy), high (high-grade "
        "ESCC), indeterminate (1c: both branches), outside (low grade with myelopathy)",
        "noms_mechanical": "NOMS M: stable (SINS 0–6, or 7–12 judged stable), unstable (SINS "
        "13–18, or 7–12 judged unstable), indeterminate (SINS 7–12, no judgement recorded: both "
        "branches), not_applicable (no bony lesion is scored) (§15.3)",
        "histology_behaviour": "benign, malignant or variable (catalogue, from the histology)",
        "primary_bone_tumour": "a primary tumour of bone (catalogue, from the histology)",
        "lesion_pain": "pain at any lesion (from the lesions' SINS pain item)",
        "spinal_lesions": "the number of lesions recorded (none: not recorded)",
        "intramedullary": "any lesion is intramedullary, or the histology grows there",
        "neurological_sign": "a recorded neurological sign suggestive of MSCC (triage §15.1)",
    }
)
"""Facts the planning engine derives before evaluating rules, and what they mean."""


@dataclass(frozen=True)
class Recommendation:
    code: str
    label: str
    text: str
    surgical: bool = False
    """An operation (for the fitness gate and the incompatible pairs)."""


RECOMMENDATIONS: Final = MappingProxyType(
    {
        r.code: r
        for r in (
            Recommendation(
                "stabilisation",
                "Stabilisation",
                "Suggests spinal stabilisation, open or minimally invasive (percutaneous, "
                "keyhole) under X-ray guidance, before radiotherapy.",
                surgical=True,
            ),
            Recommendation(
                "percutaneous_stabilisation",
                "Percutaneous stabilisation",
                "Consider percutaneous (keyhole) stabilisation under X-ray guidance, only if "
                "the spinal surgeon judges it tolerable.",
                surgical=True,
            ),
            Recommendation(
                "decompression_and_stabilisation",
                "Decompression and stabilisation (separation surgery)",
                "Suggests decompression ('separation surgery': a margin between tumour and "
                "cord) with stabilisation, followed by stereotactic radiosurgery.",
                surgical=True,
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
                "Suggests a spinal surgeon's opinion on whether the spine is stable: the plan "
                "depends on that judgement (record it as instability_judgement).",
            ),
            Recommendation(
                "biopsy",
                "Biopsy",
                "Suggests a biopsy for tissue diagnosis before definitive surgery.",
            ),
            Recommendation(
                "en_bloc_excision",
                "En bloc excision",
                "Suggests considering en bloc excision (e.g. total en bloc spondylectomy): the "
                "tumour, the prognosis and the patient's fitness support it.",
                surgical=True,
            ),
            Recommendation(
                "tumour_resection",
                "Tumour resection",
                "Suggests microsurgical resection of the tumour by a spinal surgeon.",
                surgical=True,
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
                "A benign tumour that causes no neurological symptom or sign, no instability "
                "and no intractable pain: suggests observation with follow-up MRI; no "
                "treatment may be needed.",
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
                "Consider vertebral augmentation (vertebroplasty or kyphoplasty).",
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


SURGICAL: Final = frozenset(r.code for r in RECOMMENDATIONS.values() if r.surgical)


@dataclass(frozen=True)
class PlanRule:
    code: str
    when: Condition
    recommends: tuple[str, ...]
    """Recommendation codes, in the order they would be done ("then")."""
    rationale: str
    source: str
    confidence: Confidence
    note: str | None = None
    """A statement code (statements.STATEMENTS) added to the rule's recommendations."""
    considers: tuple[str, ...] = ()
    """Codes suggested only as "consider, if the surgeon judges it tolerable" (§15.4)."""
    caveat: str | None = None
    """A statement code (statements.STATEMENTS) said whenever the rule fires."""

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


# --- NOMS (clinical-content §5.1, §15.3, §15.4, §15.13; cells UNCONFIRMED, logic [2+]) ----

_N = {
    "low": "low-grade ESCC without myelopathy",
    "high": "high-grade ESCC",
}
_O = {"sensitive": "radiosensitive", "resistant": "radioresistant"}
_M = {"stable": "stable", "unstable": "unstable"}
_NOMS_SOURCE = "Laufer et al., Oncologist 2013;18(6):744–751 (NOMS), table as commonly reproduced"


def _noms(n: str, o: str, m: str, fit: bool | None) -> Condition:
    parts: list[Condition] = [
        IsIn("noms_neurologic", frozenset({n})),
        IsIn("radiosensitivity", frozenset({o})),
        IsIn("noms_mechanical", frozenset({m})),
    ]
    if fit is not None:
        parts.append(Is("fit_for_surgery", fit))
    return AllOf(tuple(parts))


_UNFIT_NOTE = "NT-UNFIT-UNSTABLE-01"
_PERCUTANEOUS = ("percutaneous_stabilisation", "vertebral_augmentation")

# code, N, O, M, fit (None: either), recommends, considers
_NOMS_ROWS: tuple[tuple[str, str, str, str, bool | None, tuple[str, ...], tuple[str, ...]], ...] = (
    ("NOMS-01", "low", "sensitive", "stable", None, ("cebrt",), ()),
    ("NOMS-02", "low", "sensitive", "unstable", True, ("stabilisation", "cebrt"), ()),
    ("NOMS-02U", "low", "sensitive", "unstable", False, ("cebrt",), _PERCUTANEOUS),
    ("NOMS-03", "low", "resistant", "stable", None, ("srs",), ()),
    ("NOMS-04", "low", "resistant", "unstable", True, ("stabilisation", "srs"), ()),
    ("NOMS-04U", "low", "resistant", "unstable", False, ("srs",), _PERCUTANEOUS),
    ("NOMS-05", "high", "sensitive", "stable", None, ("cebrt",), ()),
    ("NOMS-06", "high", "sensitive", "unstable", True, ("stabilisation", "cebrt"), ()),
    ("NOMS-06U", "high", "sensitive", "unstable", False, ("cebrt",), _PERCUTANEOUS),
    (
        "NOMS-07",
        "high",
        "resistant",
        "stable",
        True,
        ("decompression_and_stabilisation", "srs"),
        (),
    ),
    ("NOMS-08", "high", "resistant", "stable", False, ("cebrt",), ()),
    (
        "NOMS-09",
        "high",
        "resistant",
        "unstable",
        True,
        ("decompression_and_stabilisation", "srs"),
        (),
    ),
    ("NOMS-10", "high", "resistant", "unstable", False, ("cebrt",), _PERCUTANEOUS),
)

NOMS_RULES: Final[tuple[PlanRule, ...]] = tuple(
    PlanRule(
        code,
        _noms(n, o, m, fit),
        recommends,
        f"NOMS: {_N[n]}, {_O[o]}, {_M[m]}"
        + ("" if fit is None else ", able to tolerate surgery" if fit else ", not fit for surgery")
        + ".",
        _NOMS_SOURCE if not considers else f"{_NOMS_SOURCE}; spec §15.4 (unfit and unstable)",
        "UNCONFIRMED",
        note=_UNFIT_NOTE if considers else None,
        considers=considers,
    )
    for code, n, o, m, fit, recommends, considers in _NOMS_ROWS
)
"""The NOMS table over N × O × M × S. Rows that do not read fitness hold for both."""

NOMS_BRANCH_LABELS: Final[MappingProxyType[tuple[str, object], str]] = MappingProxyType(
    {
        ("noms_mechanical", "stable"): "if the spinal surgeon judges the spine stable",
        ("noms_mechanical", "unstable"): "if the spinal surgeon judges the spine unstable",
        ("noms_neurologic", "low"): "if the MDT reads Bilsky 1c as low-grade compression",
        ("noms_neurologic", "high"): "if the MDT reads Bilsky 1c as high-grade compression",
        ("fit_for_surgery", True): "if fit for surgery",
        ("fit_for_surgery", False): "if not fit for surgery",
    }
)
"""How each branch of an open NOMS question is labelled (§15.3, §15.4, §15.13)."""


# --- The fitness gate and the pairs that exclude each other (§15.4, §15.8) ---------------


@dataclass(frozen=True)
class Gate:
    """``codes`` need ``requires``: dropped when it is false, qualified when unknown."""

    code: str
    codes: frozenset[str]
    requires: Condition
    unknown_label: str
    excluded_reason: str
    provenance: Provenance


FITNESS_GATE: Final = Gate(
    "PL-FIT-01",
    frozenset(
        {"decompression_and_stabilisation", "en_bloc_excision", "stabilisation", "tumour_resection"}
    ),
    Is("fit_for_surgery", True),
    "if fit for surgery",
    "the patient is recorded as not fit for surgery",
    Provenance(_S15, "§15.4", "2+"),
)


@dataclass(frozen=True)
class Incompatibility:
    """Recommendations of ``first`` and ``second`` exclude each other (said as ``code``)."""

    code: str
    first: frozenset[str]
    second: frozenset[str]


INCOMPATIBLE: Final[tuple[Incompatibility, ...]] = (
    Incompatibility("CF-PLAN-01", frozenset({"best_supportive_care"}), SURGICAL),
    Incompatibility("CF-PLAN-02", frozenset({"observation"}), SURGICAL),
    Incompatibility("CF-PLAN-03", frozenset({"cebrt"}), frozenset({"srs"})),
)
"""Pairs that a plan never holds together (spec §15.8); texts in statements.STATEMENTS."""


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
_HAEMATOLOGICAL = AnyOf(
    (
        recorded_in("primary_site", HAEMATOLOGICAL_SITES),
        recorded_in("histology", HAEMATOLOGICAL_HISTOLOGIES),
    )
)
_IMAGING_TYPICAL = recorded_in("histology", IMAGING_TYPICAL_BENIGN)
_INTRAMEDULLARY_HISTOLOGIES = frozenset(
    code for code, h in HISTOLOGIES.items() if h.compartment == "intramedullary"
)
_NEURO = AnyOf((HasAny("symptoms", NEUROLOGICAL), Is("neurological_sign", True)))
_SYMPTOMATIC = AnyOf(
    (
        HasAny("symptoms", NEUROLOGICAL | PAIN_FEATURES),
        Is("neurological_sign", True),
        IsIn("lesion_pain", frozenset({"mechanical", "occasional"})),
    )
)
_INTRACTABLE_PAIN = frozenset(
    {"severe_unremitting_lumbar_pain", "pain_not_relieved_by_simple_analgesia"}
)
_SOLITARY_BONE_TUMOUR = AnyOf(
    (
        SOLITARY_SKELETAL,
        # A primary bone tumour's record may leave the metastasis counts blank: one lesion
        # recorded and no extraspinal bone metastasis recorded is a solitary lesion.
        AllOf(
            (
                AnyOf((Missing("vertebral_metastases"), Between("vertebral_metastases", 1, 1))),
                Between("spinal_lesions", 1, 1),
                AnyOf(
                    (
                        Missing("extraspinal_bone_metastases"),
                        Between("extraspinal_bone_metastases", 0, 0),
                    )
                ),
            )
        ),
    )
)

OTHER_RULES: Final[tuple[PlanRule, ...]] = (
    PlanRule(
        "PL-SINS-01",
        AllOf((ScoreBetween("sins", 7, 12), Missing("instability_judgement"))),
        ("surgical_opinion",),
        "SINS 7–12 (potentially unstable): a spinal surgeon judges stability; SINS does not "
        "prescribe surgery in this band.",
        "Fisher 2010; Fourney 2011 (surgical consultation, not surgery, for 7–12); spec §15.3",
        "2+",
        caveat="CV-SINS-INDETERMINATE-01",
    ),
    PlanRule(
        "PL-SINS-02",
        AllOf(
            (
                IsIn("noms_mechanical", frozenset({"unstable"})),
                recorded_in("histology", NOT_METASTATIC_HISTOLOGIES),
            )
        ),
        ("surgical_opinion", "stabilisation"),
        "An unstable spine (SINS 13–18, or 7–12 judged unstable) from a benign or primary "
        "tumour, where NOMS does not apply: stabilisation, if fit for surgery.",
        "Fisher 2010 (SINS bands); spec §15.3 (SINS 13–18 → stabilisation if fit), §15.7",
        "2+",
    ),
    PlanRule(
        "PL-BIOPSY-01",
        IsIn("primary_site", frozenset({"unknown"})),
        ("biopsy",),
        "No primary tumour found: tissue is needed to learn the tumour's nature and likely course.",
        "product.md (biopsy may be essential before treatment); spec §15.7",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-BIOPSY-02",
        AllOf((SOLITARY_SKELETAL, Missing("histology"))),
        ("biopsy",),
        "A solitary spinal lesion whose nature is not recorded may be a new primary tumour: "
        "confirm the diagnosis before definitive surgery.",
        "product.md; spec §15.7 (biopsy where imaging cannot settle the nature)",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-BIOPSY-03",
        AllOf(
            (
                AnyOf(
                    (
                        IsIn("primary_site", frozenset({"osteosarcoma", "sarcoma"})),
                        Is("primary_bone_tumour", True),
                    )
                ),
                Not(_IMAGING_TYPICAL),
            )
        ),
        ("biopsy",),
        "A suspected primary bone tumour needs a tissue diagnosis and staging (Enneking) "
        "before definitive surgery; plan the biopsy track with the surgical team.",
        "Enneking et al. 1980 (spec §8.1); Boriani (Springer chapter); spec §15.7 [1]",
        "1",
    ),
    PlanRule(
        "PL-BIOPSY-04",
        AllOf(
            (
                IsIn("primary_site", frozenset({"lymphoma", "unknown"})),
                Not(recorded_in("histology", frozenset({"lymphoma"}))),
            )
        ),
        ("biopsy",),
        "Lymphoma is possible: steroids before biopsy can prevent the diagnosis; discuss "
        "timing of dexamethasone against the urgency of cord compression.",
        "Spec §9.4 (revisemsra), §15.11 [1/UNCONFIRMED as NICE]",
        "UNCONFIRMED",
    ),
    PlanRule(
        "PL-ENBLOC-01",
        AllOf(
            (
                SOLITARY_SKELETAL,
                IsIn("visceral_metastases", frozenset({"none"})),
                AnyOf((ScoreBetween("tomita", 2, 3), ScoreBetween("tokuhashi_revised", 12, 15))),
                Not(_HAEMATOLOGICAL),
            )
        ),
        ("en_bloc_excision",),
        "A solitary spinal metastasis without visceral metastases and with a favourable "
        "prognosis score (Tomita 2–3 or revised Tokuhashi 12–15), not a haematological "
        "malignancy.",
        "Tomita 2001; Tokuhashi 2005 treatment column; spec §15.5",
        "1",
    ),
    PlanRule(
        "PL-ENBLOC-02",
        AllOf(
            (
                recorded_in("histology", EN_BLOC_BONE_TUMOURS),
                _SOLITARY_BONE_TUMOUR,
                IsIn("visceral_metastases", frozenset({"none"})),
                Not(_HAEMATOLOGICAL),
            )
        ),
        ("en_bloc_excision",),
        "A solitary primary malignant bone tumour (chordoma, chondrosarcoma, osteosarcoma) "
        "without visceral metastases: en bloc resection, guided by Enneking staging.",
        "Boriani et al., Springer 'Lumbar en bloc resection' chapter (spec §8.1); spec §15.5",
        "1",
    ),
    PlanRule(
        "PL-RESECT-01",
        AllOf(
            (
                AnyOf(
                    (
                        recorded_in("histology", INTRADURAL_RESECTABLE),
                        Is("intramedullary", True),
                    )
                ),
                _SYMPTOMATIC,
            )
        ),
        ("tumour_resection",),
        "A symptomatic intradural extramedullary tumour (meningioma, schwannoma, "
        "neurofibroma, myxopapillary ependymoma) or intramedullary tumour: microsurgical "
        "resection by a spinal surgeon.",
        "spec §15.7 (EANO 2021 and StatPearls spinal cord tumours, via the spec)",
        "2+",
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
                Not(_NEURO),
                IsIn("noms_mechanical", frozenset({"stable", "not_applicable"})),
                Not(HasAny("symptoms", _INTRACTABLE_PAIN)),
            )
        ),
        ("observation",),
        "A benign tumour with no neurological symptom or sign, no instability and no "
        "intractable pain: observation with follow-up MRI (no Bilsky grade needed).",
        "EANO 2021 (incidental asymptomatic meningioma) via spec §15.7; 'intractable pain' "
        "read as severe unremitting pain or pain not relieved by simple analgesia (local)",
        "1",
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
                HasAny("symptoms", PAIN_FEATURES | {"radicular_pain"}),
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

CAVEAT_RULES: Final[tuple[tuple[str, Condition], ...]] = (
    ("CV-INTRAMEDULLARY-01", Is("intramedullary", True)),
    (
        "CV-PLASMACYTOMA-01",
        AnyOf(
            (
                recorded_in("histology", frozenset({"myeloma_plasmacytoma"})),
                recorded_in("primary_site", frozenset({"myeloma"})),
            )
        ),
    ),
)
"""Plan caveats said when their condition holds (texts in statements.STATEMENTS)."""
