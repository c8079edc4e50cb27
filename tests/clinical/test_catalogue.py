"""The catalogue against case-format §3 and clinical-content §2, §3, §6, §10."""

from __future__ import annotations

import pytest

from spinepath.clinical.catalogue import MAPPINGS, PRIMARY_SITES, Placement, placement
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import all_caveats, assessment, codes, said

SCORE_MAPPINGS = (
    "tokuhashi_2005",
    "tokuhashi_1990",
    "tomita",
    "bauer_lung",
    "bauer_favourable",
    "van_der_linden",
    "radiosensitivity",
)


def test_it_lists_exactly_the_primary_site_codes_of_case_format_s3_in_order() -> None:
    assert tuple(PRIMARY_SITES) == spec.PRIMARY_SITES


@pytest.mark.parametrize("site", spec.PRIMARY_SITES)
def test_every_site_has_a_placement_in_every_mapping(site: str) -> None:
    for mapping in (*SCORE_MAPPINGS, *MAPPINGS):
        where = placement(mapping, site)
        assert isinstance(where, Placement), (mapping, site)
        assert where.group is None or where.group in MAPPINGS[mapping].groups, (mapping, site)
        # An open placement ("no group") is never presented as the published table's.
        assert where.group is not None or not where.named, (mapping, site)


@pytest.mark.parametrize("site", sorted(spec.TOKUHASHI_2005_NAMED))
def test_a_site_the_revised_tokuhashi_names_is_marked_named(site: str) -> None:
    assert placement("tokuhashi_2005", site).named is True


@pytest.mark.parametrize("site", sorted(spec.TOKUHASHI_1990_NAMED))
def test_a_site_the_1990_tokuhashi_names_is_marked_named(site: str) -> None:
    assert placement("tokuhashi_1990", site).named is True


@pytest.mark.parametrize("site", sorted(spec.TOMITA_GROWTH))
def test_a_site_tomita_names_is_marked_named(site: str) -> None:
    assert placement("tomita", site).named is True


@pytest.mark.parametrize("site", sorted(set(spec.PRIMARY_SITES) - set(spec.TOMITA_GROWTH)))
def test_a_site_tomita_does_not_name_needs_sign_off(site: str) -> None:
    assert placement("tomita", site).named is False


def test_colon_in_tokuhashi_needs_sign_off() -> None:
    assert placement("tokuhashi_2005", "colon") == Placement("others", named=False)


@pytest.mark.parametrize(
    ("site", "mapping", "key"),
    [("colon", "tokuhashi_2005", "tokuhashi_revised"), ("melanoma", "tomita", "tomita")],
)
def test_an_assessment_using_an_unnamed_placement_says_it_needs_sign_off(
    site: str, mapping: str, key: str
) -> None:
    result = assessment({"primary_site": site})
    scored = result["scores"][key]
    assert scored["needs_sign_off"] is True
    assert site in all_caveats(scored)
    assert "sign-off" in all_caveats(scored)
    placed = [c for c in scored["caveats"] if c["code"] in ("CV-PLACEMENT-01", "CV-PLACEMENT-02")]
    assert len(placed) == 1
    assert site in placed[0]["text"]
    assert placed[0]["needs_sign_off"]
    warning = said(result["warnings"], "WN-SIGN-OFF-01")
    assert "sign-off" in warning["text"]
    assert scored["name"] in warning["text"]


@pytest.mark.parametrize(
    ("site", "group"),
    [
        ("lymphoma", "sensitive"),
        ("myeloma", "sensitive"),
        ("kidney", "resistant"),
        ("melanoma", "resistant"),
        ("thyroid", "resistant"),
        ("colon", "resistant"),
        ("rectum", "resistant"),
    ],
)
def test_it_places_radiosensitivity_per_s10_3(site: str, group: str) -> None:
    assert placement("radiosensitivity", site).group == group
    assert assessment({"primary_site": site})["tumour"]["radiosensitivity"] == group


def test_radiosensitivity_has_two_groups_for_noms() -> None:
    # §15.14: NOMS splits histologies in two; no "intermediate" remains.
    assert set(MAPPINGS["radiosensitivity"].groups) == {"sensitive", "resistant"}
    for site in spec.PRIMARY_SITES:
        assert placement("radiosensitivity", site).group in (None, "sensitive", "resistant")


@pytest.mark.parametrize(
    ("site", "group"),
    [
        ("breast", "sensitive"),
        ("prostate", "sensitive"),
        ("lung", "resistant"),
        ("lung_small_cell", "sensitive"),
        ("liver", "resistant"),
        ("sarcoma", "resistant"),
    ],
)
def test_it_marks_the_unconfirmed_radiosensitivity_placements_as_needing_sign_off(
    site: str, group: str
) -> None:
    where = placement("radiosensitivity", site)
    assert (where.group, where.named) == (group, False)
    caveat = said(assessment({"primary_site": site})["plan"]["caveats"], "CV-RADIO-LOCAL-01")
    assert site in caveat["text"]
    assert group in caveat["text"]
    assert "sign-off" in caveat["text"]
    assert caveat["needs_sign_off"] is True


@pytest.mark.parametrize("site", ["lymphoma", "myeloma", "kidney", "melanoma", "thyroid", "colon"])
def test_it_does_not_flag_a_radiosensitivity_placement_a_source_names(site: str) -> None:
    caveats = assessment({"primary_site": site})["plan"]["caveats"]
    assert "CV-RADIO-LOCAL-01" not in codes(caveats)


@pytest.mark.parametrize("site", sorted(spec.LUNG_SITES))
def test_lung_primaries_are_lung_for_bauer_and_van_der_linden(site: str) -> None:
    assert placement("bauer_lung", site).group == "yes"
    assert placement("van_der_linden", site).group == "lung"


@pytest.mark.parametrize("site", sorted(spec.BAUER_FAVOURABLE))
def test_breast_kidney_lymphoma_myeloma_are_bauer_favourable(site: str) -> None:
    assert placement("bauer_favourable", site) == Placement("yes", named=True)
