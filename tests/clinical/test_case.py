"""Case validation against case-format §1: nothing guessed, every problem reported at once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from spinepath.clinical.case import (
    CaseValidationError,
    case_json_schema,
    parse_case,
    parse_case_json,
)
from tests import strategies as codes

CASE_FIELDS = (
    "case_id",
    "age",
    "cancer_history",
    "primary_site",
    "kps",
    "ecog",
    "extraspinal_bone_metastases",
    "vertebral_metastases",
    "visceral_metastases",
    "pathological_fracture",
    "frankel",
    "asia",
    "ambulatory",
    "albumin_g_per_l",
    "fit_for_surgery",
    "myelopathy",
    "months_since_primary_diagnosis",
    "motor_deficit_days",
    "symptoms",
    "lesions",
)
LESION_FIELDS = (
    "level",
    "compartment",
    "pain",
    "bone_lesion",
    "alignment",
    "collapse",
    "posterolateral",
    "bilsky",
)
CASE_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "cancer_history": codes.CANCER_HISTORY,
    "primary_site": codes.PRIMARY_SITES,
    "visceral_metastases": codes.VISCERAL,
    "frankel": codes.GRADES_A_TO_E,
    "asia": codes.GRADES_A_TO_E,
    "ambulatory": codes.AMBULATORY,
    "instability_judgement": codes.INSTABILITY_JUDGEMENT,
}
LESION_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "level": codes.LEVELS,
    "compartment": codes.COMPARTMENTS,
    **codes.LESION_CODES,
    "bilsky": codes.BILSKY,
}


def errors_of(case: Any) -> list:
    with pytest.raises(CaseValidationError) as caught:
        parse_case(case)
    return list(caught.value.errors)


def only_error(case: Any) -> Any:
    (error,) = errors_of(case)
    return error


def names_every_code(allowed: str, vocabulary: tuple[str, ...]) -> bool:
    return all(re.search(rf"(?<![\w]){re.escape(code)}(?![\w])", allowed) for code in vocabulary)


def test_it_accepts_an_empty_case() -> None:
    assert parse_case({}).kps is None


def test_it_accepts_a_full_case_and_keeps_every_value_as_given() -> None:
    case = {
        "format": "spinepath-case/1",
        "case_id": "seed-1",
        "age": 54,
        "cancer_history": "known",
        "primary_site": "kidney",
        "kps": 60,
        "ecog": 2,
        "extraspinal_bone_metastases": 0,
        "vertebral_metastases": 1,
        "visceral_metastases": "none",
        "pathological_fracture": True,
        "frankel": "D",
        "asia": "D",
        "ambulatory": "assisted",
        "albumin_g_per_l": 36.5,
        "fit_for_surgery": True,
        "myelopathy": False,
        "months_since_primary_diagnosis": 14.5,
        "motor_deficit_days": 3,
        "symptoms": ["progressive_lumbar_pain", "limb_weakness"],
        "lesions": [
            {
                "level": "L1",
                "compartment": "extradural",
                "pain": "mechanical",
                "bone_lesion": "lytic",
                "alignment": "normal",
                "collapse": "over_50",
                "posterolateral": "bilateral",
                "bilsky": "1c",
            }
        ],
    }
    parsed = parse_case(case)
    for field in CASE_FIELDS:
        if field not in ("symptoms", "lesions"):
            assert getattr(parsed, field) == case[field], field
    assert list(parsed.symptoms or ()) == case["symptoms"]
    assert parsed.lesions[0].model_dump() == case["lesions"][0]


def test_it_rejects_an_unknown_field_naming_it_and_the_known_fields() -> None:
    error = only_error({"kps": 60, "karnofsky": 60})
    assert error.field == "karnofsky"
    assert error.value == 60
    assert names_every_code(error.allowed, CASE_FIELDS)


def test_it_rejects_an_unknown_lesion_field_naming_the_lesion() -> None:
    error = only_error({"lesions": [{"level": "L1"}, {"level": "L2", "grade": "1a"}]})
    assert error.field == "lesions[1].grade"
    assert names_every_code(error.allowed, LESION_FIELDS)


@pytest.mark.parametrize(("field", "vocabulary"), CASE_VOCABULARIES.items())
def test_it_rejects_an_unknown_case_code_naming_the_field_value_and_allowed_codes(
    field: str, vocabulary: tuple[str, ...]
) -> None:
    error = only_error({field: "not_a_code"})
    assert error.field == field
    assert error.value == "not_a_code"
    assert names_every_code(error.allowed, vocabulary)


@pytest.mark.parametrize(("field", "vocabulary"), LESION_VOCABULARIES.items())
def test_it_rejects_an_unknown_lesion_code_naming_the_field_value_and_allowed_codes(
    field: str, vocabulary: tuple[str, ...]
) -> None:
    error = only_error({"lesions": [{field: "not_a_code"}]})
    assert error.field == f"lesions[0].{field}"
    assert error.value == "not_a_code"
    assert names_every_code(error.allowed, vocabulary)


def test_it_rejects_an_unknown_symptom_code_naming_its_position() -> None:
    error = only_error({"symptoms": ["limb_weakness", "back_ache"]})
    assert error.field == "symptoms[1]"
    assert error.value == "back_ache"
    assert names_every_code(error.allowed, codes.SYMPTOMS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kps", 65),
        ("kps", 110),
        ("kps", -10),
        ("kps", "60"),
        ("kps", 60.0),
        ("kps", True),
        ("ecog", 6),
        ("ecog", "1"),
        ("age", "54"),
        ("age", 54.0),
        ("extraspinal_bone_metastases", -1),
        ("extraspinal_bone_metastases", 10**29),
        ("vertebral_metastases", 0),
        ("vertebral_metastases", 31),
        ("vertebral_metastases", 10**20),
        ("vertebral_metastases", 1.0),
        ("albumin_g_per_l", "38"),
        ("motor_deficit_days", "3"),
        ("pathological_fracture", "yes"),
        ("pathological_fracture", "true"),
        ("pathological_fracture", 1),
        ("fit_for_surgery", "false"),
        ("fit_for_surgery", 0),
        ("myelopathy", "no"),
        ("frankel", "e"),
        ("primary_site", "Breast"),
        ("cancer_history", True),
        ("symptoms", "limb_weakness"),
        ("lesions", {"level": "L1"}),
    ],
)
def test_it_coerces_nothing(field: str, value: object) -> None:
    error = only_error({field: value})
    assert error.field == field
    assert error.value == value
    assert error.allowed
    assert error.message


@pytest.mark.parametrize("value", codes.BILSKY)
def test_it_accepts_each_bilsky_grade_as_a_string(value: str) -> None:
    assert parse_case({"lesions": [{"bilsky": value}]}).lesions[0].bilsky == value


@pytest.mark.parametrize("value", ["1C", "1", 1, 2.0, "high"])
def test_it_rejects_a_bilsky_grade_that_is_not_one_of_the_six_strings(value: object) -> None:
    error = only_error({"lesions": [{"bilsky": value}]})
    assert error.field == "lesions[0].bilsky"


def test_it_rejects_a_level_recorded_twice() -> None:
    error = only_error({"lesions": [{"level": "L1"}, {"level": "T6"}, {"level": "L1"}]})
    assert error.field == "lesions[2].level"
    assert error.value == "L1"


def test_it_reports_every_problem_at_once() -> None:
    errors = errors_of(
        {
            "kps": 65,
            "ecog": "1",
            "myelopathy": "yes",
            "primary_site": "colorectal",
            "foo": 1,
            "symptoms": ["limb_weakness", "x"],
            "lesions": [
                {"level": "Coccyx", "bilsky": 2},
                {"level": "L1", "pain": "severe"},
                {"level": "L1"},
            ],
        }
    )
    assert {e.field for e in errors} == {
        "kps",
        "ecog",
        "myelopathy",
        "primary_site",
        "foo",
        "symptoms[1]",
        "lesions[0].level",
        "lesions[0].bilsky",
        "lesions[1].pain",
        "lesions[2].level",
    }
    message = str(
        CaseValidationError(errors)  # the message lists every problem
    )
    assert all(e.field in message for e in errors)


@pytest.mark.parametrize("case", [None, [], "kps=60", 60])
def test_it_rejects_a_case_that_is_not_an_object(case: object) -> None:
    assert only_error(case).field == "(case)"


# --- the JSON Schema ---------------------------------------------------------------------------


def test_the_schema_lists_every_case_field() -> None:
    properties = case_json_schema()["properties"]
    assert set(CASE_FIELDS) <= set(properties)


def test_the_schema_lists_every_lesion_field() -> None:
    schema = case_json_schema()
    lesion = next(d for name, d in schema["$defs"].items() if name.lower() == "lesion")
    assert set(LESION_FIELDS) <= set(lesion["properties"])
    assert lesion["additionalProperties"] is False


def test_the_schema_forbids_unknown_fields() -> None:
    assert case_json_schema()["additionalProperties"] is False


def _enum(prop: dict) -> set:
    for option in prop.get("anyOf", [prop]):
        if "enum" in option:
            return set(option["enum"])
        if "items" in option and "enum" in option["items"]:
            return set(option["items"]["enum"])
    raise AssertionError(f"no enum in {prop}")


@pytest.mark.parametrize(("field", "vocabulary"), CASE_VOCABULARIES.items())
def test_the_schema_enumerates_each_case_vocabulary(field: str, vocabulary: tuple) -> None:
    assert _enum(case_json_schema()["properties"][field]) == set(vocabulary)


@pytest.mark.parametrize(("field", "vocabulary"), LESION_VOCABULARIES.items())
def test_the_schema_enumerates_each_lesion_vocabulary(field: str, vocabulary: tuple) -> None:
    schema = case_json_schema()
    lesion = next(d for name, d in schema["$defs"].items() if name.lower() == "lesion")
    assert _enum(lesion["properties"][field]) == set(vocabulary)


def test_the_schema_enumerates_the_symptom_codes_and_kps_deciles() -> None:
    properties = case_json_schema()["properties"]
    assert _enum(properties["symptoms"]) == set(codes.SYMPTOMS)
    kps = next(o for o in properties["kps"]["anyOf"] if o.get("type") == "integer")
    assert (kps["minimum"], kps["maximum"], kps["multipleOf"]) == (0, 100, 10)


@pytest.mark.parametrize("field", ["months_since_primary_diagnosis", "albumin_g_per_l"])
@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_it_rejects_non_finite_numbers(field: str, value: float) -> None:
    with pytest.raises(CaseValidationError) as raised:
        parse_case({field: value})
    assert [e.field for e in raised.value.errors] == [field]


def json_error_of(text: str | bytes) -> Any:
    with pytest.raises(CaseValidationError) as caught:
        parse_case_json(text)
    (error,) = caught.value.errors
    assert error.field == "(case)"
    return error


def test_it_refuses_json_nested_100000_levels_deep_without_recursing() -> None:
    deep = '{"kps": ' + "[" * 100_000 + "]" * 100_000 + "}"

    assert "nested more than 32 levels deep" in json_error_of(deep).message


def test_it_refuses_json_nested_deeper_than_python_recursion_would_notice() -> None:
    # 900 levels decode, but would be echoed (and re-serialised by the API) as the value.
    assert "nested more than 32" in json_error_of('{"kps": ' + "[" * 900 + "]" * 900 + "}").message
    with pytest.raises(CaseValidationError) as caught:  # 31 levels is only a wrong type
        parse_case_json('{"kps": ' + "[" * 31 + "]" * 31 + "}")
    assert caught.value.errors[0].field == "kps"


def test_it_refuses_a_5000_digit_integer_as_json_error() -> None:
    error = json_error_of('{"kps": ' + "9" * 5000 + "}")

    assert "a number of more than 4300 digits" in error.message


def test_it_refuses_bytes_that_are_not_utf8() -> None:
    assert "not UTF-8" in json_error_of(b'{"case_id": "\xff\xfe"}').message


def test_it_shortens_a_huge_received_value_in_the_message() -> None:
    error = only_error({"kps": int("9" * 4000)})

    assert error.value == int("9" * 4000)  # the data keeps the value whole
    assert f"(received {'9' * 80}… (4,000 characters);" in str(error)
    assert len(str(error)) < 250
