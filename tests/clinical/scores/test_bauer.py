"""Modified and original Bauer against clinical-content §6.1 and §11.5 (B1–B3)."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.catalogue import placement
from spinepath.clinical.scores.bauer import BAUER_MODIFIED, BAUER_ORIGINAL
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import band_code, score

# (not lung, favourable primary) -> a site with those answers; (0, 1) cannot exist.
SITE_FOR = {(1, 1): "breast", (1, 0): "prostate", (0, 0): "lung"}


def facts(no_visceral: int, not_lung: int, favourable: int, solitary: int, **more: object) -> dict:
    return {
        "visceral_metastases": "none" if no_visceral else "unremovable",
        "primary_site": SITE_FOR[(not_lung, favourable)],
        "vertebral_metastases": 1 if solitary else 2,
        "extraspinal_bone_metastases": 0,
        **more,
    }


def test_no_primary_site_is_both_lung_and_favourable() -> None:
    # §6.1 trap: a lung primary scores 0 on both primary items.
    both = [
        site
        for site in spec.PRIMARY_SITES
        if placement("bauer_lung", site).group == "yes"
        and placement("bauer_favourable", site).group == "yes"
    ]
    assert both == []


def test_it_scores_all_32_original_combinations_per_the_table() -> None:
    wrong, realisable = [], 0
    for answers in itertools.product((0, 1), repeat=5):
        no_visceral, no_fracture, solitary, not_lung, favourable = answers
        if (not_lung, favourable) == (0, 1):
            continue  # impossible: see test_no_primary_site_is_both_lung_and_favourable
        case = facts(
            no_visceral, not_lung, favourable, solitary, pathological_fracture=not no_fracture
        )
        result = score("bauer_original", case)
        expected = sum(answers)
        realisable += 1
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band("bauer_original", expected)):
            wrong.append((case, got, expected))
    assert realisable == 32 - 8
    assert wrong == []


def test_it_scores_all_16_modified_combinations_per_the_table() -> None:
    wrong, realisable = [], 0
    for answers in itertools.product((0, 1), repeat=4):
        no_visceral, not_lung, favourable, solitary = answers
        if (not_lung, favourable) == (0, 1):
            continue
        case = facts(no_visceral, not_lung, favourable, solitary)
        result = score("bauer_modified", case)
        expected = sum(answers)
        realisable += 1
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, spec.band("bauer_modified", expected)):
            wrong.append((case, got, expected))
    assert realisable == 12
    assert wrong == []


@pytest.mark.parametrize("site", spec.PRIMARY_SITES)
def test_it_reads_lung_and_favourable_primary_per_the_spec_for_every_site(site: str) -> None:
    result = score(
        "bauer_modified",
        {
            "primary_site": site,
            "visceral_metastases": "unremovable",
            "vertebral_metastases": 2,
        },
    )
    expected = (site not in spec.LUNG_SITES) + (site in spec.BAUER_FAVOURABLE)
    assert (result["status"], result["total"]) == ("complete", expected)


def test_it_does_not_drop_the_fracture_item_from_the_original() -> None:
    case = facts(1, 1, 1, 1)
    assert score("bauer_original", case)["status"] == "incomplete"
    assert score("bauer_original", {**case, "pathological_fracture": False})["total"] == 5
    assert score("bauer_original", {**case, "pathological_fracture": True})["total"] == 4


@pytest.mark.parametrize("total", range(0, 5))
def test_it_bands_every_modified_total_per_the_spec(total: int) -> None:
    assert BAUER_MODIFIED.band_for(total).code == spec.band("bauer_modified", total)


@pytest.mark.parametrize("total", range(0, 6))
def test_it_bands_every_original_total_per_the_spec(total: int) -> None:
    assert BAUER_ORIGINAL.band_for(total).code == spec.band("bauer_original", total)


def test_its_ranges_are_0_to_4_and_0_to_5() -> None:
    assert (BAUER_MODIFIED.low, BAUER_MODIFIED.high) == (0, 4)
    assert (BAUER_ORIGINAL.low, BAUER_ORIGINAL.high) == (0, 5)


# --- §11.5 ----------------------------------------------------------------------------------------


def test_it_scores_b1_as_4_middle_term_control_ventral_dorsal_surgery() -> None:
    result = score(
        "bauer_modified",
        {
            "primary_site": "breast",
            "visceral_metastases": "none",
            "vertebral_metastases": 1,
            "extraspinal_bone_metastases": 0,
        },
    )
    assert (result["status"], result["total"], band_code(result)) == ("complete", 4, "good")
    assert "anterior and posterior" in result["band"]["meaning"]


def test_it_scores_b2_as_0_supportive_care() -> None:
    result = score(
        "bauer_modified",
        {"primary_site": "lung", "visceral_metastases": "unremovable", "vertebral_metastases": 3},
    )
    assert (result["status"], result["total"], band_code(result)) == ("complete", 0, "poor")
    assert "supportive care" in result["band"]["meaning"]


def test_it_scores_b3_as_2_short_term_palliation_dorsal_surgery() -> None:
    result = score(
        "bauer_modified",
        {"primary_site": "prostate", "visceral_metastases": "none", "vertebral_metastases": 3},
    )
    assert (result["status"], result["total"], band_code(result)) == ("complete", 2, "intermediate")
    assert "posterior" in result["band"]["meaning"]


def test_it_shows_when_modified_and_original_bands_disagree() -> None:
    from tests.clinical.helpers import assessment, codes, said

    # mBauer 2 (intermediate); original adds no fracture -> 3, still intermediate: no conflict.
    base = {"primary_site": "prostate", "visceral_metastases": "none", "vertebral_metastases": 3}
    agree = assessment({**base, "pathological_fracture": False})
    assert "CF-SCORES-02" not in codes(agree["plan"]["conflicts"])
    assert not any("Bauer" in c["text"] for c in agree["plan"]["conflicts"])
    # mBauer 3 (good, 3–4) vs original 3 with a fracture (intermediate, 2–3).
    disagree = assessment(
        {
            **base,
            "vertebral_metastases": 1,
            "extraspinal_bone_metastases": 0,
            "pathological_fracture": True,
        }
    )
    assert (
        score(
            "bauer_modified", {**base, "vertebral_metastases": 1, "extraspinal_bone_metastases": 0}
        )["total"]
        == 3
    )
    conflict = said(disagree["plan"]["conflicts"], "CF-SCORES-02")
    assert conflict["kind"] == "conflict"
    assert "Bauer" in conflict["text"]
    assert conflict["codes"] == ["bauer_modified", "bauer_original"]
