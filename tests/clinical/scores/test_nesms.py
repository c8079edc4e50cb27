"""NESMS against clinical-content §6.3 and §11.5 (NE1–NE2). Albumin is recorded in g/L."""

from __future__ import annotations

import itertools

import pytest

from spinepath.clinical.case import CaseValidationError, parse_case
from spinepath.clinical.scores.nesms import NESMS
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import band_code, said, score

MBAUER_4 = {  # B1: breast, no visceral, solitary
    "primary_site": "breast",
    "visceral_metastases": "none",
    "vertebral_metastases": 1,
    "extraspinal_bone_metastases": 0,
}
MBAUER_3 = {**MBAUER_4, "primary_site": "prostate"}
MBAUER_2 = {**MBAUER_4, "primary_site": "prostate", "vertebral_metastases": 3}  # B3
MBAUER_0 = {"primary_site": "lung", "visceral_metastases": "unremovable", "vertebral_metastases": 3}


def test_it_scores_ne1_as_3_from_mbauer_4_walking_and_albumin_38_g_per_l() -> None:
    # NE1's albumin 3.8 g/dL is 38 g/L in the case format.
    result = score("nesms", {**MBAUER_4, "ambulatory": "independent", "albumin_g_per_l": 38.0})
    assert (result["status"], result["total"], band_code(result)) == ("complete", 3, "nesms_3")


def test_it_scores_ne2_as_0_from_mbauer_2_non_ambulatory_and_albumin_30_g_per_l() -> None:
    result = score("nesms", {**MBAUER_2, "ambulatory": "non_ambulatory", "albumin_g_per_l": 30.0})
    assert (result["status"], result["total"], band_code(result)) == ("complete", 0, "nesms_0")


def test_it_scores_every_combination_per_the_table() -> None:
    wrong = []
    mbauers = {4: MBAUER_4, 3: MBAUER_3, 2: MBAUER_2, 0: MBAUER_0}
    walking = ("independent", "assisted", "non_ambulatory")
    for (mb, base), walk, albumin in itertools.product(mbauers.items(), walking, (34.9, 35.0)):
        case = {**base, "ambulatory": walk, "albumin_g_per_l": albumin}
        # §15.6: weights 2/1/1, capped at 3.
        expected = min(3, 2 * (mb >= 3) + (walk == "independent") + (albumin >= 35))
        assert spec.spec_total("nesms", case) == expected
        result = score("nesms", case)
        got = (result["status"], result["total"], band_code(result))
        if got != ("complete", expected, f"nesms_{expected}"):
            wrong.append((case, got, expected))
    assert wrong == []


@pytest.mark.parametrize(("albumin", "points"), [(34.9, 0), (35, 1), (35.0, 1), (50.0, 1)])
def test_it_puts_the_albumin_cut_off_at_35_g_per_l(albumin: float, points: int) -> None:
    result = score("nesms", {**MBAUER_0, "ambulatory": "assisted", "albumin_g_per_l": albumin})
    assert result["total"] == points


def test_it_does_not_silently_read_an_albumin_in_g_per_dl() -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_case({"albumin_g_per_l": 3.8})
    (error,) = caught.value.errors
    assert error.field == "albumin_g_per_l"
    assert "g/L" in error.allowed


def test_it_stays_incomplete_while_the_modified_bauer_could_fall_either_side_of_3() -> None:
    result = score("nesms", {"ambulatory": "independent", "albumin_g_per_l": 40.0})
    assert result["status"] == "incomplete"
    assert result["total"] is None
    assert result["max"] == 3
    assert result["min"] < 3


def test_its_weights_keep_every_total_in_the_confirmed_0_to_3_range() -> None:
    # §15.6: 2 + 1 + 1 = 4 is capped at 3 (NE1 = 3).
    best = {**MBAUER_4, "ambulatory": "independent", "albumin_g_per_l": 50.0}
    result = score("nesms", best)
    assert result["total"] == 3
    assert sum(c["points"] for c in result["components"]) == 4
    assert NESMS.cap == 3


@pytest.mark.parametrize(
    ("base", "walk", "albumin", "total"),
    [
        (MBAUER_3, "assisted", 30.0, 2),  # mBauer >= 3 alone scores 2
        (MBAUER_3, "independent", 30.0, 3),  # with exactly one other favourable item: 3
        (MBAUER_3, "assisted", 40.0, 3),
        (MBAUER_2, "independent", 40.0, 2),  # mBauer <= 2: the other two at 1 point each
        (MBAUER_2, "independent", 30.0, 1),
    ],
)
def test_it_weights_the_modified_bauer_2_and_caps_the_total_at_3(
    base: dict, walk: str, albumin: float, total: int
) -> None:
    result = score("nesms", {**base, "ambulatory": walk, "albumin_g_per_l": albumin})
    assert (result["status"], result["total"], band_code(result)) == (
        "complete",
        total,
        f"nesms_{total}",
    )
    points = {c["code"]: c["points"] for c in result["components"]}
    assert points["modified_bauer"] == (2 if base is MBAUER_3 else 0)


def test_it_says_the_weights_need_sign_off_with_their_source() -> None:
    result = score("nesms", {**MBAUER_4, "ambulatory": "independent", "albumin_g_per_l": 38.0})
    caveat = said(result["caveats"], "CV-NESMS-01")
    assert "capped at 3" in caveat["text"]
    assert "sign-off" in caveat["text"]
    assert "§15.6" in result["source"] or "§15.6" in result["section"]


def test_it_is_marked_unconfirmed_needing_sign_off() -> None:
    result = score("nesms", {**MBAUER_4, "ambulatory": "independent", "albumin_g_per_l": 38.0})
    assert result["needs_sign_off"] is True


@pytest.mark.parametrize("total", range(0, 4))
def test_it_bands_every_total_as_itself(total: int) -> None:
    assert NESMS.band_for(total).code == f"nesms_{total}"
    assert (NESMS.low, NESMS.high) == (0, 3)
