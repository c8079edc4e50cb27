"""Bilsky ESCC grade against clinical-content §4 and the §11.4 grade-group assertions."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.case import CaseValidationError, parse_case
from tests.clinical.helpers import score

# §15.13 supersedes §11.4's {0, 1a, 1b, 1c} -> low: 1c is its own group for NOMS.
GROUPS = {"0": "low", "1a": "low", "1b": "low", "1c": "indeterminate", "2": "high", "3": "high"}


@pytest.mark.parametrize(("grade", "group"), GROUPS.items())
def test_it_puts_each_grade_in_its_group(grade: str, group: str) -> None:
    result = score("bilsky", {"lesions": [{"level": "T6", "bilsky": grade}]})
    assert result["status"] == "complete"
    assert (result["grade"], result["group"]) == (grade, group)


def test_it_notes_that_grade_1c_management_is_controversial() -> None:
    result = score("bilsky", {"lesions": [{"level": "T6", "bilsky": "1c"}]})
    assert "controversial" in (result["note"] or "")


@pytest.mark.parametrize("grade", ["0", "1a", "1b", "2", "3"])
def test_it_carries_no_controversy_note_on_other_grades(grade: str) -> None:
    result = score("bilsky", {"lesions": [{"level": "T6", "bilsky": grade}]})
    assert not result["note"]


def test_it_takes_the_most_severe_grade_in_the_order_0_1a_1b_1c_2_3() -> None:
    lesions = [
        {"level": "T4", "bilsky": "1c"},
        {"level": "T6", "bilsky": "2"},
        {"level": "T8", "bilsky": "1b"},
    ]
    result = score("bilsky", {"lesions": lesions})
    assert (result["grade"], result["group"], result["lesion"]) == ("2", "high", "T6")
    order = ["0", "1a", "1b", "1c", "2", "3"]
    for low, high in itertools.pairwise(order):
        two = [{"level": "T4", "bilsky": high}, {"level": "T6", "bilsky": low}]
        assert score("bilsky", {"lesions": two})["grade"] == high


def test_it_is_incomplete_while_a_lesion_is_ungraded_and_could_be_worse() -> None:
    lesions = [{"level": "T4", "bilsky": "1b"}, {"level": "T6"}]
    result = score("bilsky", {"lesions": lesions})
    assert result["status"] == "incomplete"
    assert result["grade"] is None
    assert result["possible_grades"] == ["1b", "1c", "2", "3"]
    assert result["group"] is None


def test_it_knows_the_group_is_high_when_the_worst_recorded_is_high_even_if_incomplete() -> None:
    lesions = [{"level": "T4", "bilsky": "2"}, {"level": "T6"}]
    result = score("bilsky", {"lesions": lesions})
    assert result["status"] == "incomplete"
    assert result["group"] == "high"


def test_it_is_incomplete_without_lesions() -> None:
    result = score("bilsky", {})
    assert result["status"] == "incomplete"
    assert result["grade"] is None


@pytest.mark.parametrize("value", [2, 1.3, 0, 3])
def test_it_rejects_a_bilsky_grade_given_as_a_number(value: object) -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case({"lesions": [{"level": "T6", "bilsky": value}]})
    (error,) = caught.value.errors
    assert error.field == "lesions[0].bilsky"
    assert error.value == value
    assert '"1c"' in error.allowed
