"""Triage against clinical-content §9 (NICE CG75 / NG234 / QS56) and the §11.6 vignettes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from spinepath.clinical.case import parse_case
from spinepath.clinical.triage import triage
from spinepath.clinical.triage.engine import due_at
from spinepath.clinical.triage.rules import ACTIONS, CONSTITUTIONAL, RULES
from tests import strategies as codes
from tests.clinical.helpers import assessment

BILSKY_LOW = tuple(g for g in codes.BILSKY if g not in ("2", "3"))


def triaged(case: dict[str, Any]) -> dict[str, Any]:
    return assessment(case)["triage"]


def actions(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["code"]: a for a in result["actions"]}


def assert_suspected_spinal_metastases(result: dict[str, Any]) -> None:
    """§9.2/§9.8 step 3: urgent; coordinator within 24 h; MRI and plan within 1 week."""
    assert (result["status"], result["category"]) == ("complete", "urgent")
    acts = actions(result)
    assert acts["contact_mscc_coordinator_24h"]["deadline_hours"] == 24
    assert acts["whole_spine_mri_1_week"]["deadline_hours"] == 24 * 7
    assert acts["treatment_plan_1_week"]["deadline_hours"] == 24 * 7
    assert not any("dexamethasone" in code for code in acts)
    assert not any(a["deadline_hours"] == 0 and "coordinator" in a["text"] for a in acts.values())
    safety_net = [a for a in acts.values() if a["audience"] == "patient"]
    assert any("immediately" in a["text"] for a in safety_net)


def assert_suspected_mscc(result: dict[str, Any]) -> None:
    """§9.2/§9.8 step 2: emergency; coordinator now; MRI ≤ 24 h; dexamethasone 16 mg."""
    assert (result["status"], result["category"]) == ("complete", "emergency")
    acts = actions(result)
    assert acts["contact_mscc_coordinator_immediately"]["deadline_hours"] == 0
    assert acts["whole_spine_mri_24h"]["deadline_hours"] == 24
    assert "16 mg" in acts["dexamethasone_16mg"]["text"]
    assert acts["dexamethasone_16mg"]["deadline_hours"] == 0
    immobilise = acts["immobilise_if_unstable"]
    assert immobilise["deadline_hours"] == 24
    assert "expert advice" in immobilise["text"]


def test_it_triages_m1_night_thoracic_pain_with_breast_cancer_as_suspected_spinal_metastases() -> (
    None
):
    result = triaged(
        {
            "cancer_history": "known",
            "primary_site": "breast",
            "symptoms": ["thoracic_or_cervical_pain", "nocturnal_pain_preventing_sleep"],
        }
    )
    assert_suspected_spinal_metastases(result)
    assert "RF-SMET-01" in result["rules_fired"]


def test_it_triages_m2_leg_weakness_with_prostate_cancer_as_an_mscc_emergency() -> None:
    result = triaged(
        {
            "cancer_history": "known",
            "primary_site": "prostate",
            "symptoms": ["progressive_lumbar_pain", "limb_weakness", "difficulty_walking"],
        }
    )
    assert_suspected_mscc(result)
    assert "steroids_lymphoma_caution" not in actions(result)


def test_it_triages_m3_progressive_lumbar_pain_worse_on_coughing_as_m1() -> None:
    result = triaged(
        {
            "cancer_history": "known",
            "primary_site": "lung",
            "symptoms": [
                "progressive_lumbar_pain",
                "pain_worse_on_straining",
                "pain_increasing_over_weeks",
            ],
        }
    )
    assert_suspected_spinal_metastases(result)


def test_it_triages_m4_radicular_band_like_pain_alone_as_suspected_mscc() -> None:
    assert_suspected_mscc(triaged({"cancer_history": "known", "symptoms": ["radicular_pain"]}))


@pytest.mark.parametrize("site", ["unknown", "lymphoma"])
def test_it_triages_m5_as_m2_with_a_steroid_caution_when_lymphoma_is_possible(site: str) -> None:
    result = triaged(
        {"cancer_history": "suspected", "primary_site": site, "symptoms": ["limb_weakness"]}
    )
    assert_suspected_mscc(result)
    caution = actions(result)["steroids_lymphoma_caution"]
    assert "lymphoma" in caution["text"].lower()
    assert caution["needs_sign_off"] is True
    codes_in_order = list(actions(result))
    assert codes_in_order.index("steroids_lymphoma_caution") > codes_in_order.index(
        "dexamethasone_16mg"
    )


def test_it_gives_m6_radiotherapy_a_deadline_of_10_00_the_next_day() -> None:
    result = triaged({"cancer_history": "known", "symptoms": ["limb_weakness"]})
    definitive = actions(result)["definitive_treatment_24h"]
    assert definitive["anchor"] == "decision_to_treat"
    assert "radiotherapy" in definitive["text"].lower()
    decision = datetime(2026, 11, 23, 10, 0)
    assert due_at(ACTIONS["definitive_treatment_24h"], decision) == datetime(2026, 11, 24, 10, 0)
    aware = datetime(2026, 6, 30, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    assert due_at(ACTIONS["definitive_treatment_24h"], aware) == datetime(
        2026, 7, 1, 9, 0, tzinfo=UTC
    )


def test_an_action_without_a_deadline_has_no_due_time() -> None:
    assert due_at(ACTIONS["safety_net_neurology"], datetime(2026, 1, 1)) is None


# --- every symptom code of case-format §4 ------------------------------------------------------


@pytest.mark.parametrize("symptom", codes.NEURO_SYMPTOMS)
@pytest.mark.parametrize("history", ["known", "suspected"])
def test_each_neurological_symptom_with_cancer_is_an_emergency(symptom: str, history: str) -> None:
    result = triaged({"cancer_history": history, "symptoms": [symptom]})
    assert (result["status"], result["category"]) == ("complete", "emergency")
    assert "contact_mscc_coordinator_immediately" in actions(result)


@pytest.mark.parametrize("symptom", codes.PAIN_SYMPTOMS)
def test_each_spinal_metastasis_pain_feature_with_cancer_is_urgent(symptom: str) -> None:
    assert_suspected_spinal_metastases(triaged({"cancer_history": "known", "symptoms": [symptom]}))


def test_the_constitutional_symptoms_are_explicitly_constitutional() -> None:
    assert set(CONSTITUTIONAL) == set(codes.CONSTITUTIONAL_SYMPTOMS)


@pytest.mark.parametrize("symptom", codes.CONSTITUTIONAL_SYMPTOMS)
def test_a_constitutional_symptom_alone_is_not_a_red_flag_for_spinal_metastases(
    symptom: str,
) -> None:
    result = triaged({"cancer_history": "known", "symptoms": [symptom]})
    assert (result["status"], result["category"]) == ("complete", "routine")


@pytest.mark.parametrize("symptom", codes.SYMPTOMS)
def test_every_symptom_code_is_read_by_some_rule(symptom: str) -> None:
    from spinepath.clinical.logic import HasAny

    def symptom_codes(condition: Any) -> set[str]:
        if isinstance(condition, HasAny) and condition.fact == "symptoms":
            return set(condition.codes)
        parts = getattr(condition, "parts", None) or ()
        inner = getattr(condition, "part", None)
        found: set[str] = set()
        for part in (*parts, *((inner,) if inner is not None else ())):
            found |= symptom_codes(part)
        return found

    assert any(symptom in symptom_codes(rule.when) for rule in RULES)


# --- people with no cancer history, and incomplete triage ---


@pytest.mark.parametrize(
    "symptoms",
    [
        [],
        ["limb_weakness"],
        ["progressive_lumbar_pain"],
        ["fatigue"],
        ["mechanical_pain", "weight_loss"],
    ],
)
def test_a_person_with_no_cancer_history_gets_a_complete_result(symptoms: list[str]) -> None:
    result = triaged({"cancer_history": "none", "symptoms": symptoms})
    assert result["status"] == "complete"
    assert result["category"] in ("emergency", "urgent", "routine")
    assert result["actions"]


def test_a_person_with_no_cancer_and_cord_compression_signs_is_still_an_emergency() -> None:
    result = triaged(
        {"cancer_history": "none", "symptoms": ["signs_of_cord_or_cauda_equina_compression"]}
    )
    assert result["category"] == "emergency"
    assert result["needs_sign_off"] is True


def test_a_person_with_no_cancer_and_back_pain_alone_is_routine() -> None:
    result = triaged({"cancer_history": "none", "symptoms": ["progressive_lumbar_pain"]})
    assert result["category"] == "routine"


def test_a_person_with_no_cancer_but_pain_and_weight_loss_is_routed_to_suspected_malignancy() -> (
    None
):
    result = triaged(
        {"cancer_history": "none", "symptoms": ["progressive_lumbar_pain", "weight_loss"]}
    )
    assert result["category"] == "urgent"
    assert "urgent_malignancy_assessment" in actions(result)
    assert "contact_mscc_coordinator_24h" not in actions(result)


@pytest.mark.parametrize(
    "case",
    [
        {"cancer_history": "known"},
        {"symptoms": ["progressive_lumbar_pain"]},
        {"cancer_history": "none"},
        {},
    ],
)
def test_an_incomplete_triage_never_claims_a_category(case: dict[str, Any]) -> None:
    result = triaged(case)
    assert result["status"] == "incomplete"
    assert result["category"] is None
    assert result["label"] is None
    assert result["missing"]
    assert len(result["possible_categories"]) > 1


def test_an_incomplete_triage_shows_the_most_urgent_reachable_categorys_actions_until() -> None:
    # §15.2 replaces engine 0.1's "no action that depends on a missing answer": with the
    # cancer history missing, back pain could be urgent, so the urgent actions are shown,
    # each until the cancer history is recorded; never the routine ones, never none.
    result = triaged({"symptoms": ["progressive_lumbar_pain"]})
    assert (result["status"], result["category"]) == ("incomplete", None)
    assert result["most_urgent_possible"] == "urgent"
    assert result["possible_categories"] == ["urgent", "routine"]
    assert result["missing"] == ["cancer_history"]
    acts = actions(result)
    assert acts["contact_mscc_coordinator_24h"]["deadline_hours"] == 24
    assert {"whole_spine_mri_1_week", "treatment_plan_1_week"} <= set(acts)
    assert "routine_review" not in acts
    for action in acts.values():
        assert action["until"] == ["cancer_history"], action["code"]
        note = next(n for n in action["notes"] if n["code"] == "NT-UNTIL-01")
        assert "cancer_history" in note["text"]


@pytest.mark.parametrize(
    ("case", "most_urgent", "first_action"),
    [
        ({"cancer_history": "known"}, "emergency", "contact_mscc_coordinator_immediately"),
        ({"cancer_history": "suspected"}, "emergency", "contact_mscc_coordinator_immediately"),
        ({"cancer_history": "none"}, "emergency", "emergency_spinal_assessment"),
        ({}, "emergency", "contact_mscc_coordinator_immediately"),
        ({"symptoms": ["progressive_lumbar_pain"]}, "urgent", "contact_mscc_coordinator_24h"),
        ({"symptoms": ["claudication"]}, "urgent", "contact_mscc_coordinator_24h"),
    ],
)
def test_an_incomplete_triage_never_shows_no_actions_or_a_lower_category(
    case: dict[str, Any], most_urgent: str, first_action: str
) -> None:
    result = triaged(case)
    assert result["status"] == "incomplete"
    assert result["most_urgent_possible"] == most_urgent
    assert result["possible_categories"][0] == most_urgent
    assert result["actions"]
    assert result["actions"][0]["code"] == first_action
    clinician = [a for a in result["actions"] if a["audience"] == "clinician"]
    assert clinician
    for action in result["actions"]:
        # Every action is shown only because the most urgent category cannot be ruled out.
        assert action["until"], action["code"]
        assert set(action["until"]) <= set(result["missing"]), action["code"]
    assert "routine_review" not in actions(result)


def test_a_complete_triage_is_its_own_most_urgent_possibility_with_certain_actions() -> None:
    result = triaged({"cancer_history": "known", "symptoms": ["mechanical_pain"]})
    assert (result["status"], result["category"]) == ("complete", "urgent")
    assert result["most_urgent_possible"] == "urgent"
    assert result["possible_categories"] == ["urgent"]
    assert all(a["until"] == [] for a in result["actions"])
    assert all(n["code"] != "NT-UNTIL-01" for a in result["actions"] for n in a["notes"])


def test_it_knows_an_emergency_without_the_cancer_history_when_neurology_is_present() -> None:
    # Neurology is an emergency whether or not cancer is known (RF-MSCC-01 / RF-MSCC-02).
    result = triaged({"symptoms": ["limb_weakness"]})
    assert (result["status"], result["category"]) == ("complete", "emergency")


def test_the_triage_function_and_the_assessment_agree() -> None:
    case = {"cancer_history": "known", "symptoms": ["limb_weakness"]}
    assert triage(parse_case(case)).to_dict() == triaged(case)


# --- recorded neurological signs (spec §15.1) -----------------------------------------------

SIGNS: list[tuple[str, Any, str]] = [
    ("myelopathy", True, "myelopathy"),
    *(("frankel", g, f"Frankel {g}") for g in "ABCD"),
    *(("asia", g, f"ASIA {g}") for g in "ABCD"),
    ("ambulatory", "assisted", "walks with help or aids"),
    ("ambulatory", "non_ambulatory", "cannot walk"),
]
NOT_SIGNS: list[tuple[str, Any]] = [
    ("myelopathy", False),
    ("frankel", "E"),
    ("asia", "E"),
    ("ambulatory", "independent"),
]


def with_sign(field: str, value: Any, **case: Any) -> dict[str, Any]:
    return {**case, field: value}


@pytest.mark.parametrize(("field", "value", "words"), SIGNS)
@pytest.mark.parametrize("history", ["known", "suspected"])
def test_a_recorded_neurological_sign_with_cancer_is_an_emergency_whatever_the_symptoms(
    field: str, value: Any, words: str, history: str
) -> None:
    for symptoms in ([], ["mechanical_pain"], ["fatigue"]):
        result = triaged(with_sign(field, value, cancer_history=history, symptoms=symptoms))
        assert_suspected_mscc(result)
        assert "RF-MSCC-03" in result["rules_fired"]
        (sign,) = result["signs"]
        assert (sign["field"], sign["value"]) == (field, str(value))
        assert words in sign["label"]
        first = result["actions"][0]
        assert first["code"] == "contact_mscc_coordinator_immediately"
        note = next(n for n in first["notes"] if n["code"] == "NT-LONG-STANDING-01")
        assert "long-standing" in note["text"]
        assert words in note["text"]


@pytest.mark.parametrize("grade", ["2", "3"])
def test_high_grade_compression_on_mri_with_cancer_is_an_emergency(grade: str) -> None:
    case = {
        "cancer_history": "known",
        "symptoms": [],
        "lesions": [{"level": "T4", "bilsky": "0"}, {"level": "T6", "bilsky": grade}],
    }
    result = triaged(case)
    assert_suspected_mscc(result)
    assert "RF-MSCC-03" in result["rules_fired"]
    (sign,) = result["signs"]
    assert (sign["field"], sign["value"]) == ("bilsky", grade)
    assert f"Bilsky {grade}" in sign["label"]


@pytest.mark.parametrize(("field", "value"), [*NOT_SIGNS, *(("bilsky", g) for g in BILSKY_LOW)])
def test_a_recorded_field_that_is_not_a_sign_leaves_triage_to_the_symptoms(
    field: str, value: Any
) -> None:
    case: dict[str, Any] = {"cancer_history": "known", "symptoms": []}
    if field == "bilsky":
        case["lesions"] = [{"level": "T6", "bilsky": value}]
    else:
        case[field] = value
    result = triaged(case)
    assert (result["status"], result["category"]) == ("complete", "routine")
    assert result["signs"] == []
    assert "RF-MSCC-03" not in result["rules_fired"]


@pytest.mark.parametrize(("field", "value", "words"), SIGNS)
def test_a_recorded_sign_without_cancer_keeps_the_cord_compression_route(
    field: str, value: Any, words: str
) -> None:
    result = triaged(with_sign(field, value, cancer_history="none", symptoms=[]))
    assert (result["status"], result["category"]) == ("complete", "emergency")
    assert result["rules_fired"] == ["RF-MSCC-04"]
    acts = actions(result)
    assert "emergency_spinal_assessment" in acts
    assert "contact_mscc_coordinator_immediately" not in acts
    assert "dexamethasone_16mg" not in acts
    assert result["needs_sign_off"] is True


@pytest.mark.parametrize(
    "case",
    [
        {"symptoms": ["limb_weakness"]},
        {"symptoms": [], "frankel": "C"},
        {"ambulatory": "non_ambulatory"},
    ],
)
def test_neurology_with_the_cancer_history_missing_shows_the_mscc_actions_until_recorded(
    case: dict[str, Any],
) -> None:
    # §15.10: never only the non-cancer actions.
    result = triaged(case)
    assert (result["status"], result["category"]) == ("complete", "emergency")
    acts = actions(result)
    for code in (
        "contact_mscc_coordinator_immediately",
        "dexamethasone_16mg",
        "definitive_treatment_24h",
    ):
        assert acts[code]["until"] == ["cancer_history"], code
    assert acts["emergency_spinal_assessment"]["until"] == []
    assert acts["whole_spine_mri_24h"]["until"] == []  # both routes ask for it
    assert acts["whole_spine_mri_24h"]["deadline_hours"] == 24


# --- symptom groups (spec §15.10) -----------------------------------------------------------

# Typed in from §15.10: NG234's list (with claudication), CG75's thoracic or cervical pain,
# and the seed clinic's own features.
NG234_PAIN = (
    "severe_unremitting_lumbar_pain",
    "progressive_lumbar_pain",
    "mechanical_pain",
    "pain_worse_on_straining",
    "nocturnal_pain_preventing_sleep",
    "localised_spinal_tenderness",
    "claudication",
)
CG75_ONLY_PAIN = ("thoracic_or_cervical_pain",)
SEED_CLINIC_PAIN = (
    "pain_worse_lying_down",
    "pain_not_relieved_by_simple_analgesia",
    "pain_increasing_over_weeks",
)
PAIN_GROUP_RULE = {
    **dict.fromkeys(NG234_PAIN, "RF-SMET-01"),
    **dict.fromkeys(CG75_ONLY_PAIN, "RF-SMET-02"),
    **dict.fromkeys(SEED_CLINIC_PAIN, "RF-SMET-03"),
}


def test_the_pain_groups_cover_every_pain_symptom_code_once() -> None:
    assert sorted(PAIN_GROUP_RULE) == sorted(codes.PAIN_SYMPTOMS)
    assert len(NG234_PAIN) + len(CG75_ONLY_PAIN) + len(SEED_CLINIC_PAIN) == len(PAIN_GROUP_RULE)


@pytest.mark.parametrize(("symptom", "rule"), PAIN_GROUP_RULE.items())
def test_each_pain_feature_fires_the_rule_of_its_source(symptom: str, rule: str) -> None:
    result = triaged({"cancer_history": "known", "symptoms": [symptom]})
    assert_suspected_spinal_metastases(result)
    assert result["rules_fired"] == [rule]


def test_each_pain_rule_names_its_own_source() -> None:
    by_code = {r.code: r for r in RULES}
    assert "NG234" in by_code["RF-SMET-01"].source
    assert "CG75" in by_code["RF-SMET-02"].source
    assert "seed clinic" in by_code["RF-SMET-03"].source
    assert by_code["RF-SMET-03"].needs_sign_off is True


def test_claudication_with_no_cancer_and_weight_loss_is_routed_to_suspected_malignancy() -> None:
    result = triaged({"cancer_history": "none", "symptoms": ["claudication", "weight_loss"]})
    assert result["category"] == "urgent"
    assert "urgent_malignancy_assessment" in actions(result)
