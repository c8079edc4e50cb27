"""Red-flag triage rules (NICE NG234 / CG75 / QS56, clinical-content §9), as data.

A rule has a code, a condition on the case's facts, the category it sets, its rationale
and source. Categories carry the actions to take, each with a code, text and, where the
guidance sets one, a deadline in hours from an anchor event. Results list the rules that
fired. Rule codes are stable; change a rule by bumping ``RULESET_VERSION`` and noting it
in the CHANGELOG.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from spinepath.clinical.catalogue import HAEMATOLOGICAL_HISTOLOGIES, HAEMATOLOGICAL_SITES
from spinepath.clinical.logic import (
    AllOf,
    AnyOf,
    Condition,
    HasAny,
    Is,
    IsIn,
    Missing,
    Not,
    Recorded,
    recorded_in,
)
from spinepath.clinical.provenance import Confidence, Provenance
from spinepath.clinical.vocab import AMBULATORY

__all__ = [
    "ACTIONS",
    "ADD_ONS",
    "CATEGORIES",
    "CG75_ONLY_PAIN",
    "CONSTITUTIONAL",
    "DERIVED_FACTS",
    "HAEMATOLOGICAL_CONFIRMED",
    "LYMPHOMA_POSSIBLE",
    "NEUROLOGICAL",
    "NEUROLOGICAL_SIGNS",
    "NG234_PAIN",
    "PAIN_FEATURES",
    "ROUTINE_ACTIONS",
    "RULES",
    "RULESET_VERSION",
    "SEED_CLINIC_PAIN",
    "Action",
    "ActionAddOn",
    "Category",
    "CategoryCode",
    "DerivedFact",
    "NeurologicalSign",
    "TriageRule",
]

RULESET_VERSION: Final = "2026.12"

CategoryCode = Literal["emergency", "urgent", "routine"]

# --- Symptom groups (case-format §4; spec §15.10) -------------------------------------

NG234_PAIN: Final = frozenset(
    {
        "severe_unremitting_lumbar_pain",
        "progressive_lumbar_pain",
        "mechanical_pain",
        "pain_worse_on_straining",
        "nocturnal_pain_preventing_sleep",
        "localised_spinal_tenderness",
        "claudication",
    }
)
"""NG234's symptoms of suspected spinal metastases (spec §15.10) [2+]. NG234 says "back
pain" at any level; the codes keep their CG75 names."""

CG75_ONLY_PAIN: Final = frozenset({"thoracic_or_cervical_pain"})
"""CG75's thoracic or cervical pain: its source is CG75, not NG234 (spec §15.10) [2+]."""

SEED_CLINIC_PAIN: Final = frozenset(
    {
        "pain_worse_lying_down",
        "pain_not_relieved_by_simple_analgesia",
        "pain_increasing_over_weeks",
    }
)
"""The seed clinic's own warning symptoms (product.md), not in NG234 [UNCONFIRMED]."""

PAIN_FEATURES: Final = NG234_PAIN | CG75_ONLY_PAIN | SEED_CLINIC_PAIN
"""Every pain feature that triage reads."""

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
"""NG234's (and CG75's) neurological symptoms and signs suggestive of MSCC [2+]."""

CONSTITUTIONAL: Final = frozenset({"fatigue", "weight_loss", "poor_appetite"})

_CANCER = IsIn("cancer_history", frozenset({"known", "suspected"}))
_NO_CANCER_RECORDED = AnyOf(
    (IsIn("cancer_history", frozenset({"none"})), Missing("cancer_history"))
)
_S15 = "clinical-content §15 safety amendments (2026-11-29)"


# --- Recorded neurological signs (spec §15.1) -------------------------------------------


@dataclass(frozen=True)
class NeurologicalSign:
    """A structured field that, when recorded so, is a neurological sign suggestive of MSCC.

    ``label`` names it in the triage result ("Frankel D", "walks with help or aids").
    """

    code: str
    fact: str
    codes: frozenset[str] | None
    """The recorded values that are the sign (None: the yes/no fact is yes)."""
    label: str
    """How the result names the sign: ``{value}`` is the code, ``{text}`` its words."""
    provenance: Provenance
    texts: MappingProxyType[str, str] | None = None
    """Words for each code, for ``{text}``."""

    def describe(self, value: object) -> str:
        texts: Mapping[str, str] = self.texts or {}
        text = texts.get(str(value), str(value))
        return self.label.format(value=value, text=text[:1].lower() + text[1:])

    @property
    def when(self) -> Condition:
        """True when recorded as the sign; false (never unknown) when not recorded."""
        if self.codes is None:
            return AllOf((Recorded(self.fact), Is(self.fact, True)))
        return recorded_in(self.fact, self.codes)


_DEFICIT = frozenset({"A", "B", "C", "D"})
NEUROLOGICAL_SIGNS: Final[tuple[NeurologicalSign, ...]] = (
    NeurologicalSign(
        "SIGN-MYELOPATHY",
        "myelopathy",
        None,
        "myelopathy",
        Provenance(f"{_S15}; CG75 and NG234 'symptoms or signs'", "§15.1", "2+"),
    ),
    NeurologicalSign(
        "SIGN-FRANKEL",
        "frankel",
        _DEFICIT,
        "Frankel {value}",
        Provenance(f"{_S15}; CG75 and NG234 'symptoms or signs'", "§15.1", "2+"),
    ),
    NeurologicalSign(
        "SIGN-ASIA",
        "asia",
        _DEFICIT,
        "ASIA {value}",
        Provenance(f"{_S15}; CG75 and NG234 'symptoms or signs'", "§15.1", "2+"),
    ),
    NeurologicalSign(
        "SIGN-WALKING",
        "ambulatory",
        frozenset({"assisted", "non_ambulatory"}),
        "{text}",
        Provenance(f"{_S15}; NG234 'gait disturbance or difficulty walking'", "§15.1", "2+"),
        AMBULATORY,
    ),
    NeurologicalSign(
        "SIGN-BILSKY",
        "bilsky",
        frozenset({"2", "3"}),
        "Bilsky {value} on MRI (high-grade epidural compression)",
        Provenance(f"{_S15} (radiological evidence: a local safety choice)", "§15.1", "1"),
    ),
)
"""Every structured neurological sign triage reads, besides the ``symptoms`` list. For
triage, ``bilsky`` is the most severe grade recorded on any lesion."""


@dataclass(frozen=True)
class DerivedFact:
    """A fact the engine derives from recorded facts before evaluating rules (as data)."""

    code: str
    when: Condition
    meaning: str
    provenance: Provenance


DERIVED_FACTS: Final = MappingProxyType(
    {
        d.code: d
        for d in (
            DerivedFact(
                "neurological_sign",
                AnyOf(tuple(sign.when for sign in NEUROLOGICAL_SIGNS)),
                "Any recorded neurological sign suggestive of MSCC (NEUROLOGICAL_SIGNS); "
                "false when none is recorded",
                Provenance(_S15, "§15.1", "2+"),
            ),
        )
    }
)
"""Triage's derived facts, by name. The batch scorer compiles the same conditions."""

_SIGN = Is("neurological_sign", True)


# --- Actions ----------------------------------------------------------------------------

Anchor = Literal["suspected_diagnosis", "decision_to_treat", "now"]


@dataclass(frozen=True)
class Action:
    code: str
    text: str
    deadline_hours: int | None
    anchor: Anchor
    source: str
    confidence: Confidence
    audience: Literal["clinician", "patient"] = "clinician"

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


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
                "Lymphoma is possible but not confirmed (no tissue diagnosis): steroids can "
                "prevent a tissue diagnosis. Discuss with the MSCC coordinator/haematology "
                "before giving dexamethasone if it will not delay treatment of cord compression.",
                None,
                "now",
                "NG234 rec 1.8.5 (AI-summarised, spec §15.11); revisemsra",
                "1",
            ),
            Action(
                "discuss_haematology",
                "Confirmed lymphoma or myeloma: give dexamethasone 16 mg as soon as possible "
                "and discuss further treatment with the haematology team.",
                0,
                "now",
                "NG234 rec 1.8.5 (AI-summarised, spec §15.11)",
                "1",
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
    confidence: Confidence
    note: str | None = None
    """A statement code (statements.STATEMENTS) added to the rule's first action."""

    @property
    def needs_sign_off(self) -> bool:
        return self.confidence != "2+"


_NO_CANCER_ACTIONS = (
    "emergency_spinal_assessment",
    "whole_spine_mri_24h",
    "immobilise_if_unstable",
    "prompt_analgesia",
    "safety_net_neurology",
)

RULES: Final[tuple[TriageRule, ...]] = (
    TriageRule(
        "RF-MSCC-01",
        "emergency",
        AllOf((_CANCER, HasAny("symptoms", NEUROLOGICAL))),
        _MSCC_ACTIONS,
        "A person with (known or suspected) cancer and a neurological symptom or sign "
        "suggestive of MSCC: an oncological emergency.",
        f"{_NG234} (spec §15.10); {_CG75} [2+]",
        "2+",
    ),
    TriageRule(
        "RF-MSCC-03",
        "emergency",
        AllOf((_CANCER, _SIGN)),
        _MSCC_ACTIONS,
        "A person with (known or suspected) cancer and a neurological sign recorded in the "
        "case (myelopathy, Frankel or ASIA A–D, walking with help or not at all, or Bilsky "
        "2–3 on MRI): suspected MSCC, whatever the symptoms list says.",
        f"{_S15} §15.1; CG75 and NG234 'symptoms or signs' [2+]",
        "2+",
        note="NT-LONG-STANDING-01",
    ),
    TriageRule(
        "RF-MSCC-02",
        "emergency",
        AllOf((_NO_CANCER_RECORDED, HasAny("symptoms", NEUROLOGICAL))),
        _NO_CANCER_ACTIONS,
        "Neurological symptoms or signs of spinal cord or cauda equina compression with no "
        "cancer diagnosis recorded: cord compression is treated as an emergency whatever its "
        "cause (local rule).",
        "NG234 route for people without a known cancer diagnosis [UNCONFIRMED]; spec §9.8",
        "UNCONFIRMED",
    ),
    TriageRule(
        "RF-MSCC-04",
        "emergency",
        AllOf((_NO_CANCER_RECORDED, _SIGN)),
        _NO_CANCER_ACTIONS,
        "A neurological sign recorded in the case with no cancer diagnosis recorded: cord or "
        "cauda equina compression is treated as an emergency whatever its cause.",
        f"{_S15} §15.1 (the existing route for cord compression without cancer)",
        "UNCONFIRMED",
        note="NT-LONG-STANDING-01",
    ),
    TriageRule(
        "RF-SMET-01",
        "urgent",
        AllOf((_CANCER, HasAny("symptoms", NG234_PAIN))),
        _SPINAL_METASTASIS_ACTIONS,
        "A person with cancer and back pain suggestive of spinal metastases (NG234's list: "
        "severe unremitting, progressive or mechanical pain, pain on straining, night pain "
        "disturbing sleep, localised tenderness, claudication), without neurology.",
        f"{_NG234} (spec §15.10: two secondary sources agree word for word) [2+]",
        "2+",
    ),
    TriageRule(
        "RF-SMET-02",
        "urgent",
        AllOf((_CANCER, HasAny("symptoms", CG75_ONLY_PAIN))),
        _SPINAL_METASTASIS_ACTIONS,
        "A person with cancer and pain in the thoracic or cervical spine, without neurology.",
        f"{_CG75} (not NG234: spec §15.10) [2+]",
        "2+",
    ),
    TriageRule(
        "RF-SMET-03",
        "urgent",
        AllOf((_CANCER, HasAny("symptoms", SEED_CLINIC_PAIN))),
        _SPINAL_METASTASIS_ACTIONS,
        "A person with cancer and back pain worse lying down, increasing over weeks or not "
        "relieved by simple analgesia.",
        "The seed clinic's warning symptoms (product.md), not NG234 (spec §15.10)",
        "UNCONFIRMED",
    ),
    TriageRule(
        "RF-SMAL-01",
        "urgent",
        AllOf(
            (
                IsIn("cancer_history", frozenset({"none"})),
                HasAny("symptoms", PAIN_FEATURES),
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
"""Every rule that can raise a case above routine. Routine is what remains when none fires.
Order matters only for the order of actions: the more specific cancer route comes first."""


HAEMATOLOGICAL_CONFIRMED: Final[Condition] = AnyOf(
    (
        recorded_in("histology", HAEMATOLOGICAL_HISTOLOGIES),
        AllOf(
            (
                recorded_in("primary_site", HAEMATOLOGICAL_SITES),
                recorded_in("cancer_history", frozenset({"known"})),
            )
        ),
    )
)
"""A confirmed haematological malignancy: a recorded lymphoma or myeloma histology, or a
known cancer whose primary is lymphoma or myeloma (spec §15.11)."""

LYMPHOMA_POSSIBLE: Final[Condition] = AllOf(
    (
        Not(HAEMATOLOGICAL_CONFIRMED),
        Not(AllOf((Recorded("histology"), Not(IsIn("histology", frozenset({"lymphoma"})))))),
        AnyOf(
            (
                Missing("primary_site"),
                recorded_in("primary_site", frozenset({"unknown", "lymphoma"})),
            )
        ),
    )
)
"""Lymphoma possible but not confirmed (no tissue diagnosis): primary unknown or not
recorded, or lymphoma suspected (spec §15.11). Never unknown itself."""


@dataclass(frozen=True)
class ActionAddOn:
    """Add ``action`` right after ``after`` whenever ``when`` is true (as data, §15.9)."""

    code: str
    after: str
    when: Condition
    action: str
    provenance: Provenance


ADD_ONS: Final[tuple[ActionAddOn, ...]] = (
    ActionAddOn(
        "ADD-LYMPHOMA-01",
        "dexamethasone_16mg",
        LYMPHOMA_POSSIBLE,
        "steroids_lymphoma_caution",
        Provenance("NG234 rec 1.8.5 (AI-summarised); spec §15.11", "§15.11", "1"),
    ),
    ActionAddOn(
        "ADD-HAEM-01",
        "dexamethasone_16mg",
        HAEMATOLOGICAL_CONFIRMED,
        "discuss_haematology",
        Provenance("NG234 rec 1.8.5 (AI-summarised); spec §15.11", "§15.11", "1"),
    ),
)
"""Actions added to others when a condition holds (the lymphoma caution, spec §15.11)."""
