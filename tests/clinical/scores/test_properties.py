"""Properties every score must have, whatever the case (Hypothesis).

- a complete total is the sum of its components' points (capped where the table has a cap:
  NESMS, spec §15.6), and lies in exactly one band;
- an incomplete score is never lower (or higher) than any way of completing it: every
  completion lands in [min, max] and in one of the reachable bands;
- adding a missing answer never leaves the previous [min, max];
- dropping an answer never yields a complete score other than the full case's;
- where the spec can score a case outright, the engine agrees with the spec's tables;
- a score the spec says does not apply (§15.7, §15.14) is not_applicable, never a total.
"""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinepath.clinical.case import Lesion, parse_case
from spinepath.clinical.scores import score_case, score_lesion
from tests import strategies
from tests.clinical import spec_tables as spec
from tests.clinical.helpers import band_code, reachable_codes

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENUMERATE_UP_TO = 100
SAMPLES = 40


def case_scores(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: r.to_dict() for k, r in score_case(parse_case(case)).items()}


def lesion_score(lesion: dict[str, Any], histology: str | None = None) -> dict[str, Any]:
    return score_lesion(Lesion.model_validate(lesion), histology).to_dict()


def completions(
    missing: list[str], values: dict[str, tuple[Any, ...]], rnd: random.Random
) -> list[dict[str, Any]]:
    """Every way to fill ``missing`` when that is few enough, else a sample."""
    domains = [values[name] for name in missing]
    if math.prod(len(d) for d in domains) <= ENUMERATE_UP_TO:
        combos = list(itertools.product(*domains))
    else:
        combos = [tuple(rnd.choice(d) for d in domains) for _ in range(SAMPLES)]
    return [dict(zip(missing, combo, strict=True)) for combo in combos]


def assert_within(key: str, before: dict[str, Any], after: dict[str, Any], context: Any) -> None:
    """``after`` (more answers) is consistent with ``before`` (fewer answers)."""
    if before["status"] == "not_applicable":
        assert after["status"] == "not_applicable", (key, context)
        return
    if after["status"] == "not_applicable":
        return  # e.g. a KPS the score has no band for: nothing to compare
    assert before["min"] <= after["min"] <= after["max"] <= before["max"], (key, context)
    if before["status"] == "complete":
        assert after["status"] == "complete", (key, context)
        assert after["total"] == before["total"], (key, context)
    if after["status"] == "complete":
        assert band_code(after) in reachable_codes(before), (key, context)


def assert_well_formed(key: str, result: dict[str, Any], *, single_table: bool = True) -> None:
    if result["status"] == "not_applicable":
        assert result["total"] is None
        return
    low, high = spec.RANGES[key]
    assert low <= result["min"] <= result["max"] <= high, key
    components = result["components"]
    if result["status"] == "complete":
        assert result["total"] == result["min"] == result["max"], key
        assert result["total"] == spec.capped(key, sum(c["points"] for c in components)), key
        assert all(c["points"] is not None for c in components), key
        assert band_code(result) == spec.band(key, result["total"]), key
        return
    assert result["total"] is None, key
    codes = reachable_codes(result)
    assert codes, key
    assert codes <= spec.bands_between(key, result["min"], result["max"]), key
    assert {spec.band(key, result["min"]), spec.band(key, result["max"])} <= codes, key
    if single_table:
        lows = [
            c["points"] if c["points"] is not None else min(c["possible_points"])
            for c in components
        ]
        highs = [
            c["points"] if c["points"] is not None else max(c["possible_points"])
            for c in components
        ]
        assert (result["min"], result["max"]) == (
            spec.capped(key, sum(lows)),
            spec.capped(key, sum(highs)),
        ), key
        # Incomplete because an answer is missing, or because a recorded primary site has
        # no agreed placement in this score (then a caveat says so and asks for sign-off).
        assert result["missing"] or (result["needs_sign_off"] and result["caveats"]), key


# --- well-formed results -----------------------------------------------------------------------


@SETTINGS
@given(strategies.case_dicts())
def test_every_score_is_the_sum_of_its_components_and_in_exactly_its_band(case: dict) -> None:
    scored = case_scores(case)
    for key in spec.CASE_TABLES:
        assert_well_formed(key, scored[key])
    assert_well_formed("sins", scored["sins"], single_table=False)
    listed = scored["sins"]["lesions"]
    for lesion, entry in zip(case.get("lesions", []), listed, strict=True):
        # Each lesion listed in the case SINS is that lesion's own SINS (a LesionResult carries
        # no reachable bands: the lesion's own score does, and is checked in full).
        alone = lesion_score(lesion, case.get("histology"))
        assert_well_formed("sins", alone)
        for field in ("status", "total", "min", "max", "band", "components", "reason"):
            assert entry[field] == alone[field], field


@SETTINGS
@given(strategies.complete_scoring_cases())
def test_the_engine_agrees_with_the_spec_tables_on_every_complete_case(case: dict) -> None:
    scored = case_scores(case)
    for key in spec.CASE_TABLES:
        if not spec.spec_applies(key, case):
            assert scored[key]["status"] == "not_applicable", key
            assert scored[key]["total"] is None, key
            assert scored[key]["reason"], key
            continue
        assert scored[key]["status"] != "not_applicable", key
        expected = spec.spec_total(key, case)
        if expected is None:  # e.g. a site Tomita does not name: must not be made up
            assert scored[key]["status"] != "complete" or scored[key]["needs_sign_off"], key
            continue
        assert (scored[key]["status"], scored[key]["total"]) == ("complete", expected), key


@SETTINGS
@given(strategies.lesion_dicts(complete=True))
def test_a_complete_lesion_scores_what_the_spec_table_says(lesion: dict) -> None:
    result = lesion_score(lesion)
    if not spec.lesion_applies(lesion):  # intradural or intramedullary (§15.7)
        assert (result["status"], result["total"]) == ("not_applicable", None)
        assert result["reason"]
        return
    assert (result["status"], result["total"]) == ("complete", spec.sins_total(lesion))


# --- completions ---------------------------------------------------------------------------------


@SETTINGS
@given(strategies.case_dicts(max_lesions=0), st.randoms(use_true_random=False))
def test_no_completion_of_a_case_falls_outside_its_incomplete_range(
    case: dict, rnd: random.Random
) -> None:
    before = case_scores(case)
    missing = [f for f in strategies.SCORING_FACTS if f not in case]
    for filled in completions(missing, strategies.COMPLETION_VALUES, rnd):
        completed = {**case, **filled}
        after = case_scores(completed)
        for key in spec.CASE_TABLES:
            assert_within(key, before[key], after[key], filled)
            if not spec.spec_applies(key, completed):
                assert after[key]["status"] == "not_applicable", (key, completed)
                continue
            expected = spec.spec_total(key, completed)
            if expected is not None and after[key]["status"] == "complete":
                assert after[key]["total"] == expected, (key, completed)


@SETTINGS
@given(strategies.case_dicts(max_lesions=0), st.randoms(use_true_random=False))
def test_adding_one_missing_answer_at_a_time_never_leaves_the_previous_range(
    case: dict, rnd: random.Random
) -> None:
    missing = [f for f in strategies.SCORING_FACTS if f not in case]
    rnd.shuffle(missing)
    current, previous = dict(case), case_scores(case)
    for name in missing:
        current[name] = rnd.choice(strategies.COMPLETION_VALUES[name])
        now = case_scores(current)
        for key in spec.CASE_TABLES:
            assert_within(key, previous[key], now[key], current)
        previous = now


@SETTINGS
@given(
    strategies.complete_scoring_cases(),
    st.sets(st.sampled_from(strategies.SCORING_FACTS), min_size=1),
)
def test_dropping_answers_never_yields_a_lower_or_different_complete_score(
    case: dict, dropped: set[str]
) -> None:
    full = case_scores(case)
    partial = case_scores({k: v for k, v in case.items() if k not in dropped})
    for key in spec.CASE_TABLES:
        assert_within(key, partial[key], full[key], dropped)


@SETTINGS
@given(strategies.lesion_dicts(), st.randoms(use_true_random=False))
def test_no_completion_of_a_lesion_falls_outside_its_incomplete_sins_range(
    lesion: dict, rnd: random.Random
) -> None:
    values = {"level": strategies.LEVELS, **strategies.LESION_CODES}
    before = lesion_score(lesion)
    assert_well_formed("sins", before)
    missing = [f for f in values if f not in lesion]
    for filled in completions(missing, values, rnd):
        completed = {**lesion, **filled}
        after = lesion_score(completed)
        if spec.lesion_applies(completed):
            assert after["status"] == "complete"
            assert after["total"] == spec.sins_total(completed)
        else:
            assert after["status"] == "not_applicable"
        assert_within("sins", before, after, filled)


@SETTINGS
@given(
    st.lists(
        strategies.lesion_dicts(complete=True),
        min_size=1,
        max_size=4,
        unique_by=lambda x: x["level"],
    )
)
def test_the_case_sins_is_the_highest_lesion(lesions: list[dict]) -> None:
    result = case_scores({"lesions": lesions})["sins"]
    assert [lesion["status"] for lesion in result["lesions"]] == [
        "complete" if spec.lesion_applies(lesion) else "not_applicable" for lesion in lesions
    ]
    scored = [lesion for lesion in lesions if spec.lesion_applies(lesion)]
    if not scored:  # every lesion intradural or intramedullary (§15.7)
        assert (result["status"], result["total"]) == ("not_applicable", None)
        return
    expected = max(spec.sins_total(lesion) for lesion in scored)  # type: ignore[type-var]
    assert (result["status"], result["total"]) == ("complete", expected)
    assert band_code(result) == spec.band("sins", expected)  # type: ignore[arg-type]
    assert spec.lesion_applies(next(x for x in lesions if x["level"] == result["lesion"]))


@SETTINGS
@given(
    strategies.lesion_lists(max_size=4).filter(lambda ls: len(ls) >= 2),
    st.randoms(use_true_random=False),
)
def test_the_case_sins_does_not_depend_on_the_order_lesions_are_listed(
    lesions: list[dict], rnd: random.Random
) -> None:
    shuffled = list(lesions)
    rnd.shuffle(shuffled)
    a = case_scores({"lesions": lesions})["sins"]
    b = case_scores({"lesions": shuffled})["sins"]
    assert (a["status"], a["total"]) == (b["status"], b["total"])
    assert (a["min"], a["max"]) == (b["min"], b["max"])
    assert reachable_codes(a) == reachable_codes(b)


@SETTINGS
@given(strategies.lesion_lists(max_size=4), st.randoms(use_true_random=False))
def test_no_completion_of_the_lesions_falls_outside_the_case_sins_range(
    lesions: list[dict], rnd: random.Random
) -> None:
    before = case_scores({"lesions": lesions})["sins"]
    if not lesions:
        return
    values = {**strategies.LESION_CODES}
    used = {lesion.get("level") for lesion in lesions}
    completed = []
    for lesion in lesions:
        filled = {name: rnd.choice(codes) for name, codes in values.items() if name not in lesion}
        if "level" not in lesion:
            free = [lvl for lvl in strategies.LEVELS if lvl not in used]
            filled["level"] = rnd.choice(free)
            used.add(filled["level"])
        completed.append({**lesion, **filled})
    after = case_scores({"lesions": completed})["sins"]
    if any(spec.lesion_applies(lesion) for lesion in completed):
        assert after["status"] == "complete"
    else:  # every lesion intradural or intramedullary (§15.7)
        assert after["status"] == "not_applicable"
    assert_within("sins", before, after, completed)
