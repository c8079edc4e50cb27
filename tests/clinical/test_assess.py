"""The assessment document (case-format §2): shape, determinism, serialisability."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinepath.clinical.assess import assess
from spinepath.clinical.case import parse_case
from tests import strategies
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import assessment

SCORE_KEYS = {"sins", "bilsky", *spec.CASE_TABLES}


def test_it_has_the_documented_top_level_shape() -> None:
    result = assessment({"case_id": "abc", "kps": 60})
    assert result["format"] == "spinepath-assessment/1"
    assert result["engine_version"]
    assert result["case_id"] == "abc"
    assert {"scores", "triage", "plan", "warnings"} <= set(result)


def test_it_reports_every_documented_score_key() -> None:
    assert set(assessment({})["scores"]) >= SCORE_KEYS


def test_it_carries_each_tables_version() -> None:
    scores = assessment({})["scores"]
    for key in SCORE_KEYS:
        assert scores[key]["table_version"], key
        assert scores[key]["source"], key


def test_it_does_not_report_osri_or_rades_which_are_not_implemented_o1_o2_r1_r2() -> None:
    keys = set(assessment({"kps": 90, "ecog": 3, "primary_site": "lung"})["scores"])
    assert not any("osri" in key or "oswestry" in key for key in keys)
    assert not any("rades" in key for key in keys)


def test_it_never_reports_a_score_of_an_empty_case_as_complete_zero() -> None:
    for key, result in assessment({})["scores"].items():
        assert result["status"] == "incomplete", key
        assert result.get("total") is None, key


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.case_dicts())
def test_it_is_deterministic_and_json_serialisable(case: dict[str, Any]) -> None:
    first = json.dumps(assess(parse_case(case)).to_dict(), allow_nan=False)
    second = json.dumps(assess(parse_case(json.loads(json.dumps(case)))).to_dict(), allow_nan=False)
    assert first == second
    assert json.loads(first)["case_id"] == case.get("case_id")


@settings(max_examples=40, deadline=None)
@given(
    strategies.case_dicts(),
    st.sampled_from(("known", "suspected")),
    st.lists(st.sampled_from(strategies.NEURO_SYMPTOMS), min_size=1, unique=True),
)
def test_a_neurological_symptom_with_cancer_is_always_an_emergency(
    case: dict[str, Any], history: str, neuro: list[str]
) -> None:
    symptoms = list(dict.fromkeys([*case.get("symptoms", []), *neuro]))
    triage = assessment({**case, "cancer_history": history, "symptoms": symptoms})["triage"]
    assert (triage["status"], triage["category"]) == ("complete", "emergency")


@settings(max_examples=40, deadline=None)
@given(strategies.case_dicts())
def test_an_incomplete_triage_never_claims_a_category(case: dict[str, Any]) -> None:
    triage = assessment(case)["triage"]
    # §15.2: the most urgent reachable category leads, and its actions are always shown.
    assert triage["possible_categories"][0] == triage["most_urgent_possible"]
    assert triage["actions"]
    if triage["status"] == "incomplete":
        assert triage["category"] is None
        assert triage["missing"]
        assert len(triage["possible_categories"]) > 1
        for action in triage["actions"]:
            assert action["until"], action["code"]
            assert set(action["until"]) <= set(triage["missing"]), action["code"]
    else:
        assert triage["category"] in ("emergency", "urgent", "routine")
        assert triage["possible_categories"] == [triage["category"]]
        assert triage["most_urgent_possible"] == triage["category"]
    for action in triage["actions"]:
        assert action["code"]
        assert action["text"]
        assert action["deadline_hours"] is None or action["deadline_hours"] >= 0


@settings(max_examples=40, deadline=None)
@given(
    strategies.case_dicts(),
    st.sampled_from(("known", "suspected")),
    st.sampled_from(
        (
            ("myelopathy", True),
            ("frankel", "C"),
            ("asia", "D"),
            ("ambulatory", "non_ambulatory"),
            ("ambulatory", "assisted"),
        )
    ),
)
def test_a_recorded_neurological_sign_with_cancer_is_always_an_emergency(
    case: dict[str, Any], history: str, sign: tuple[str, Any]
) -> None:
    field, value = sign
    triage = assessment({**case, "cancer_history": history, field: value})["triage"]
    assert (triage["status"], triage["category"]) == ("complete", "emergency")
    assert field in {s["field"] for s in triage["signs"]}
    assert "RF-MSCC-03" in triage["rules_fired"]


@settings(max_examples=40, deadline=None)
@given(strategies.case_dicts(), strategies.symptom_lists)
def test_a_person_with_no_cancer_history_always_gets_a_category(
    case: dict[str, Any], symptoms: list[str]
) -> None:
    triage = assessment({**case, "cancer_history": "none", "symptoms": symptoms})["triage"]
    assert triage["status"] == "complete"
    assert triage["category"] in ("emergency", "urgent", "routine")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    strategies.case_dicts(),
    st.sampled_from(strategies.CANCER_HISTORY),
    strategies.symptom_lists,
)
def test_no_completion_of_a_triage_falls_outside_its_possible_categories(
    case: dict[str, Any], history: str, symptoms: list[str]
) -> None:
    # §15.2: never a lower category than a completion could reach, and never a higher one.
    before = assessment(case)["triage"]
    completed = {"cancer_history": history, "symptoms": symptoms, **case}
    after = assessment(completed)["triage"]
    assert after["status"] == "complete"
    assert after["category"] in before["possible_categories"]
    if before["status"] == "complete":
        assert after["category"] == before["category"]
