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


def test_an_incomplete_triage_lists_no_action_that_depends_on_a_missing_answer() -> None:
    result = triaged({"symptoms": ["progressive_lumbar_pain"]})
    assert result["status"] == "incomplete"
    assert "contact_mscc_coordinator_24h" not in actions(result)
    assert "routine_review" not in actions(result)


def test_it_knows_an_emergency_without_the_cancer_history_when_neurology_is_present() -> None:
    # Neurology is an emergency whether or not cancer is known (RF-MSCC-01 / RF-MSCC-02).
    result = triaged({"symptoms": ["limb_weakness"]})
    assert (result["status"], result["category"]) == ("complete", "emergency")


def test_the_triage_function_and_the_assessment_agree() -> None:
    case = {"cancer_history": "known", "symptoms": ["limb_weakness"]}
    assert triage(parse_case(case)).to_dict() == triaged(case)
