"""Red-flag triage rules (NICE NG234 / CG75 / QS56, clinical-content §9), as data.

A rule has a code, a condition on the case's facts, the category it sets, its rationale
and source. Categories carry the actions to take, each with a code, text and, where the
guidance sets one, a deadline in hours from an anchor event. Results list the rules that
fired. Rule codes are stable; change a rule by bumping ``RULESET_VERSION`` and noting it
in the CHANGELOG.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from spinepath.clinical.logic import AllOf, AnyOf, Condition, HasAny, IsIn, Missing

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "CONSTITUTIONAL",
    "LYMPHOMA_POSSIBLE",
    "NEUROLOGICAL",
    "NG234_PAIN_FEATURES",
    "ROUTINE_ACTIONS",
    "RULES",
    "RULESET_VERSION",
    "SPINAL_METASTASIS_PAIN",
    "Action",
    "Category",
    "CategoryCode",
    "TriageRule",
]

RULESET_VERSION: Final = "2026.11"

CategoryCode = Literal["emergency", "urgent", "routine"]

# --- Symptom groups (case-format §4) ----------------------------------------------------

SPINAL_METASTASIS_PAIN: Final = frozenset(
    {
        "thoracic_or_cervical_pain",
        "progressive_lumbar_pain",
        "severe_unremitting_lumbar_pain",
        "pain_worse_on_straining",
        "localised_spinal_tenderness",
        "nocturnal_pain_preventing_sleep",
    }
)
"""CG75's six pain features suggestive of spinal metastases [2+]."""

NG234_PAIN_FEATURES: Final = frozenset(
    {
        "pain_worse_lying_down",
        "pain_not_relieved_by_simple_analgesia",
        "pain_increasing_over_weeks",
        "mechanical_pain",
    }
)
"""Further pain features: said of NG234 in secondary material, and in the clinic's own
warning-symptom list [UNCONFIRMED as NG234 wording]."""

NEUROLOGICAL: Final = frozenset(
    {
        "radicular_pain",
        "limb_weakness",
        "difficulty_walking",
        "sensory_loss",
        "bladder_or_bowel_dysfunction",
        "signs_of_cord_or_cauda_equina_compression",
    }
)
"""CG75's neurological symptoms and signs suggestive of MSCC [2+]."""

CONSTITUTIONAL: Final = frozenset({"fatigue", "weight_loss", "poor_appetite"})

_CANCER = IsIn("cancer_history", frozenset({"known", "suspected"}))
_NO_CANCER_RECORDED = AnyOf(
    (IsIn("cancer_history", frozenset({"none"})), Missing("cancer_history"))
)


# --- Actions ----------------------------------------------------------------------------

Anchor = Literal["suspected_diagnosis", "decision_to_treat", "now"]


@dataclass(frozen=True)
class Action:
    code: str
    text: str
    deadline_hours: int | None
    anchor: Anchor
    source: str
    confidence: str
    audience: Literal["clinician", "patient"] = "clinician"

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "text": self.text,
            "deadline_hours": self.deadline_hours,
            "anchor": self.anchor,
            "audience": self.audience,
            "source": self.source,
            "needs_sign_off": self.needs_sign_off,
        }


_CG75 = "NICE CG75 (2008) key priorities"
_QS56 = "NICE QS56 (2023)"
_NG234 = "NICE NG234 (2023)"

ACTIONS: Final = MappingProxyType(
    {
        a.code: a
        for a in (
            Action(
                "contact_mscc_coordinator_immediately",
                "Contact the MSCC coordinator immediately: treat as an oncological emergency.",
                0,
                "now",
                f"{_CG75}; {_NG234} (BMJ 2023 summary)",
                "2+",
            ),
            Action(
                "whole_spine_mri_24h",
                "Whole-spine MRI as soon as possible and always within 24 hours.",
                24,
                "suspected_diagnosis",
                f"{_NG234} rec 1.5.2 (secondary quotation); {_QS56} statement 3",
                "1",
            ),
            Action(
                "dexamethasone_16mg",
                "Offer 16 mg oral dexamethasone (or the parenteral equivalent) as soon as "
                "possible, unless contraindicated.",
                0,
                "now",
                f"{_NG234} rec 1.8.1 (secondary quotation); CG75 16 mg",
                "1",
            ),
            Action(
                "steroids_lymphoma_caution",
                "Lymphoma is possible (lymphoma primary or no primary found): steroids can "
                "prevent a tissue diagnosis. Discuss with the MSCC coordinator/haematology "
                "before giving dexamethasone if it will not delay treatment of cord compression.",
                None,
                "now",
                "Revision summary (revisemsra); not read in NICE text",
                "UNCONFIRMED",
            ),
            Action(
                "immobilise_if_unstable",
                "If symptoms or signs suggest spinal instability, start immobilisation without "
                "delay to minimise spinal weight-bearing, and seek expert advice within 24 "
                "hours so immobilisation is as short as possible.",
                24,
                "suspected_diagnosis",
                f"{_NG234} (BMJ 2023 summary)",
                "1",
            ),
            Action(
                "prompt_analgesia",
                "Prescribe adequate analgesia promptly, after an individual pain assessment.",
                0,
                "now",
                f"{_NG234} (BMJ 2023 summary)",
                "1",
            ),
            Action(
                "definitive_treatment_24h",
                "If MSCC is confirmed and surgery is not suitable, radiotherapy should start "
                "within 24 hours of the decision to treat.",
                24,
                "decision_to_treat",
                f"{_QS56} statement 6",
                "1",
            ),
            Action(
                "emergency_spinal_assessment",
                "No cancer diagnosis is recorded, but symptoms or signs suggest spinal cord or "
                "cauda equina compression: arrange emergency same-day assessment by the on-call "
                "spinal team (or A&E).",
                0,
                "now",
                "Spec §9.8 (route for people without a cancer diagnosis) [UNCONFIRMED]",
                "UNCONFIRMED",
            ),
            Action(
                "contact_mscc_coordinator_24h",
                "Contact the MSCC coordinator (or acute oncology) urgently, within 24 hours.",
                24,
                "suspected_diagnosis",
                _CG75,
                "2+",
            ),
            Action(
                "whole_spine_mri_1_week",
                "Whole-spine MRI within 1 week of the suspected diagnosis.",
                168,
                "suspected_diagnosis",
                f"{_QS56} statement 2",
                "1",
            ),
            Action(
                "treatment_plan_1_week",
                "Agree any treatment plan within 1 week of the suspected diagnosis.",
                168,
                "suspected_diagnosis",
                f"{_QS56} statement 2",
                "1",
            ),
            Action(
                "urgent_malignancy_assessment",
                "No cancer diagnosis is recorded but red flags for spinal malignancy are present: "
                "arrange urgent assessment and imaging through the local suspected-cancer or "
                "spinal pathway.",
                None,
                "suspected_diagnosis",
                "NG234 route for people without a cancer diagnosis (secondary material); "
                "NHS Dumfries & Galloway spinal pathway red flags",
                "UNCONFIRMED",
            ),
            Action(
                "routine_review",
                "No red flag for spinal metastases or MSCC in what was recorded: manage through "
                "the usual pathway and review if symptoms change.",
                None,
                "now",
                "No red flag of CG75/NG234 fired",
                "2+",
            ),
            Action(
                "safety_net_neurology",
                "Get help immediately if you get weakness or numbness in your arms or "
                "legs, find it hard to walk, cannot control your bladder or bowels, or have "
                "pain that shoots around your chest or belly or down an arm or leg. Call the "
                "MSCC coordinator or go to A&E.",
                None,
                "now",
                f"{_CG75}; {_NG234}",
                "2+",
                "patient",
            ),
            Action(
                "safety_net_pain",
                "Tell your doctor if your back or neck pain gets worse, stops you sleeping, or "
                "is not helped by painkillers.",
                None,
                "now",
                f"{_CG75} (pain features of spinal metastases)",
                "2+",
                "patient",
            ),
        )
    }
)


@dataclass(frozen=True)
class Category:
    code: CategoryCode
    label: str
    rank: int
    """Higher is more urgent."""


CATEGORIES: Final = MappingProxyType(
    {
        c.code: c
        for c in (
            Category("emergency", "Emergency: suspected spinal cord compression", 3),
            Category("urgent", "Urgent: suspected spinal metastases without neurology", 2),
            Category("routine", "Routine: no red flag", 1),
        )
    }
)

ROUTINE_ACTIONS: Final = ("routine_review", "safety_net_neurology", "safety_net_pain")
"""What to do when no rule fires."""

_MSCC_ACTIONS = (
    "contact_mscc_coordinator_immediately",
    "whole_spine_mri_24h",
    "dexamethasone_16mg",
    "immobilise_if_unstable",
    "prompt_analgesia",
    "definitive_treatment_24h",
    "safety_net_neurology",
)
_SPINAL_METASTASIS_ACTIONS = (
    "contact_mscc_coordinator_24h",
    "whole_spine_mri_1_week",
    "treatment_plan_1_week",
    "prompt_analgesia",
    "safety_net_neurology",
    "safety_net_pain",
)


# --- Rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageRule:
    code: str
    category: CategoryCode
    when: Condition
    actions: tuple[str, ...]
    rationale: str
    source: str
    confidence: str

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


RULES: Final[tuple[TriageRule, ...]] = (
    TriageRule(
        "RF-MSCC-01",
        "emergency",
        AllOf((_CANCER, HasAny("symptoms", NEUROLOGICAL))),
        _MSCC_ACTIONS,
        "A person with (known or suspected) cancer and a neurological symptom or sign "
        "suggestive of MSCC: an oncological emergency.",
        f"{_CG75}; {_NG234} (BMJ 2023 summary) [2+]",
        "2+",
    ),
    TriageRule(
        "RF-MSCC-02",
        "emergency",
        AllOf((_NO_CANCER_RECORDED, HasAny("symptoms", NEUROLOGICAL))),
        (
            "emergency_spinal_assessment",
            "whole_spine_mri_24h",
            "immobilise_if_unstable",
            "prompt_analgesia",
            "safety_net_neurology",
        ),
        "Neurological symptoms or signs of spinal cord or cauda equina compression with no "
        "cancer diagnosis recorded: cord compression is treated as an emergency whatever its "
        "cause (local rule).",
        "NG234 route for people without a known cancer diagnosis [UNCONFIRMED]; spec §9.8",
        "UNCONFIRMED",
    ),
    TriageRule(
        "RF-SMET-01",
        "urgent",
        AllOf((_CANCER, HasAny("symptoms", SPINAL_METASTASIS_PAIN))),
        _SPINAL_METASTASIS_ACTIONS,
        "A person with cancer and spinal pain suggestive of spinal metastases (CG75's six "
        "features), without neurology.",
        f"{_CG75} [2+]",
        "2+",
    ),
    TriageRule(
        "RF-SMET-02",
        "urgent",
        AllOf((_CANCER, HasAny("symptoms", NG234_PAIN_FEATURES))),
        _SPINAL_METASTASIS_ACTIONS,
        "A person with cancer and spinal pain that is mechanical, worse lying down, "
        "increasing over weeks or not relieved by simple analgesia.",
        "NG234 symptom list as reported in secondary material [UNCONFIRMED]; the clinic's "
        "warning symptoms (product.md)",
        "UNCONFIRMED",
    ),
    TriageRule(
        "RF-SMAL-01",
        "urgent",
        AllOf(
            (
                IsIn("cancer_history", frozenset({"none"})),
                HasAny("symptoms", SPINAL_METASTASIS_PAIN | NG234_PAIN_FEATURES),
                HasAny("symptoms", CONSTITUTIONAL),
            )
        ),
        (
            "urgent_malignancy_assessment",
            "prompt_analgesia",
            "safety_net_neurology",
            "safety_net_pain",
        ),
        "No cancer diagnosis, but spinal pain of the kind spinal metastases cause together "
        "with general symptoms of malignancy (weight loss, tiredness, poor appetite).",
        "Spec §9.7 (NHS Dumfries & Galloway red flags) and §9.8 [1/UNCONFIRMED]",
        "UNCONFIRMED",
    ),
)
"""Every rule that can raise a case above routine. Routine is what remains when none fires."""

LYMPHOMA_POSSIBLE: Final[Condition] = AnyOf(
    (IsIn("primary_site", frozenset({"lymphoma", "unknown"})), Missing("primary_site"))
)
"""When the steroid caution is added to an emergency (spec §9.4, M5)."""
