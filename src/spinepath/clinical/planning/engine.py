"""The planning engine: derive the planning facts, settle NOMS (branching where a surgeon or
the MDT must judge), evaluate the other rules, apply the fitness gate, report conflicts.

Safety (spec §15): no surgical code is suggested for a patient recorded as unfit; while
fitness is unknown every surgical suggestion says "if fit for surgery"; SINS 7–12 without
the surgeon's judgement, Bilsky 1c and unknown fitness show each NOMS branch labelled; a
proposal that holds two recommendations that exclude each other reports the conflict.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from spinepath.clinical.catalogue import HISTOLOGIES, placement
from spinepath.clinical.logic import Facts, ScoreInterval, evaluate, facts_read
from spinepath.clinical.planning.rules import (
    CAVEAT_RULES,
    FITNESS_GATE,
    INCOMPATIBLE,
    NOMS_BRANCH_LABELS,
    NOMS_RULES,
    OTHER_RULES,
    RECOMMENDATIONS,
    RULESET_VERSION,
    PlanRule,
)
from spinepath.clinical.results import (
    ConflictOut,
    ExcludedRecommendation,
    NomsBranchOut,
    NomsOut,
    PlannedRecommendation,
    PlanOut,
    ScoreResult,
    StatementOut,
    statement,
)
from spinepath.clinical.scores import POINT_TABLES
from spinepath.clinical.scores.table import Band, PointTable
from spinepath.clinical.statements import STATEMENTS
from spinepath.clinical.triage.engine import triage_facts

if TYPE_CHECKING:
    from spinepath.clinical.case import Case

__all__ = ["Plan", "plan_case", "plan_conflicts", "planning_facts"]

Plan = PlanOut

# The NOMS questions that branch instead of leaving NOMS incomplete, and their values.
_BRANCHING = {
    "noms_mechanical": ("indeterminate", ("stable", "unstable")),
    "noms_neurologic": ("indeterminate", ("low", "high")),
    "fit_for_surgery": (None, (True, False)),
}


def plan_case(case: Case, scores: dict[str, ScoreResult]) -> PlanOut:
    facts = planning_facts(case, scores)
    noms, noms_rules, branches = _noms(case, facts)
    other = [r for r in OTHER_RULES if evaluate(r.when, facts) is True]
    recommendations, excluded, membership = _recommend(noms_rules, branches, other, facts)
    fired = [*noms_rules, *other]
    caveats = _caveats(case, facts, noms, fired, recommendations)
    missing = list(noms.missing)
    if any(FITNESS_GATE.unknown_label in r.when for r in recommendations):
        missing.append("fit_for_surgery")
    return PlanOut(
        recommendations=recommendations,
        excluded=excluded,
        noms=noms,
        conflicts=_score_conflicts(scores) + _pair_conflicts(membership, len(branches)),
        caveats=caveats,
        missing=list(dict.fromkeys(missing)),
        needs_sign_off=any(r.needs_sign_off for r in fired),
        ruleset_version=RULESET_VERSION,
    )


def planning_facts(case: Case, scores: dict[str, ScoreResult]) -> dict[str, object]:
    """The case's facts, the derived planning facts and every score's known range."""
    facts = triage_facts(case)
    site = case.primary_site
    facts["radiosensitivity"] = placement("radiosensitivity", site).group if site else None
    facts["bilsky_group"] = scores["bilsky"].group
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    facts["histology_behaviour"] = histology.behaviour if histology else None
    facts["primary_bone_tumour"] = histology.bone_tumour if histology else None
    facts["lesion_pain"] = _lesion_pain(case)
    facts["spinal_lesions"] = len(case.lesions) or None
    facts["intramedullary"] = any(
        lesion.compartment == "intramedullary" for lesion in case.lesions
    ) or bool(histology and histology.compartment == "intramedullary")
    for key in ("sins", *(t.key for t in POINT_TABLES)):
        result = scores[key]
        if result.min is not None and result.max is not None:
            facts[f"score:{key}"] = ScoreInterval(result.min, result.max)
    facts["noms_neurologic"] = _neurologic(facts)
    facts["noms_mechanical"] = _mechanical(facts, scores["sins"])
    return facts


def _lesion_pain(case: Case) -> str | None:
    pains = [lesion.pain for lesion in case.lesions]
    for level in ("mechanical", "occasional"):
        if level in pains:
            return level
    return "none" if pains and all(p == "none" for p in pains) else None


def _neurologic(facts: Facts) -> str | None:
    group, myelopathy = facts.get("bilsky_group"), facts.get("myelopathy")
    if group == "high":
        return "high"
    if group in ("low", "indeterminate") and myelopathy is None:
        return None
    if group == "low":
        return "outside" if myelopathy else "low"
    if group == "indeterminate":
        # Low grade with myelopathy has no NOMS row: only the high-grade reading remains.
        return "high" if myelopathy else "indeterminate"
    return None


def _mechanical(facts: Facts, sins: ScoreResult) -> str | None:
    if sins.status == "not_applicable":
        return "not_applicable"
    interval = facts.get("score:sins")
    judgement = facts.get("instability_judgement")
    if not isinstance(interval, ScoreInterval):
        return judgement if isinstance(judgement, str) else None
    if interval.high <= 6:
        return "stable"
    if interval.low >= 13:
        return "unstable"
    if interval.low >= 7 and interval.high <= 12:
        return judgement if isinstance(judgement, str) else "indeterminate"
    if interval.low >= 7 and judgement == "unstable":
        return "unstable"
    return None


def _noms(
    case: Case, facts: Facts
) -> tuple[NomsOut, list[PlanRule], list[tuple[PlanRule, tuple[str, ...]]]]:
    """The NOMS result, the NOMS rules used, and each branch's rule with its labels."""
    domains = _domains(facts)
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    if (
        histology
        and histology.origin == "primary"
        and histology.code
        not in (
            "myeloma_plasmacytoma",
            "lymphoma",
        )
    ):
        reason = (
            f"NOMS is a framework for spinal metastases; {histology.label} is a primary tumour."
        )
        return (
            NomsOut(
                status="not_applicable", rule=None, recommends=[], domains=domains, reason=reason
            ),
            [],
            [],
        )
    if facts.get("noms_neurologic") == "outside":
        reason = (
            "The NOMS table has no row for low-grade compression with myelopathy: the MDT "
            "decides without it."
        )
        return (
            NomsOut(
                status="not_applicable", rule=None, recommends=[], domains=domains, reason=reason
            ),
            [],
            [],
        )
    choices: dict[str, tuple[object, ...]] = {}
    for fact, (marker, values) in _BRANCHING.items():
        choices[fact] = values if facts.get(fact) == marker else (facts.get(fact),)
    cells: list[tuple[PlanRule, tuple[tuple[str, object], ...]]] = []
    undecided: list[PlanRule] = []
    for combination in itertools.product(*choices.values()):
        assumed = dict(zip(choices, combination, strict=True))
        branch_facts = {**facts, **assumed}
        truths = [(rule, evaluate(rule.when, branch_facts)) for rule in NOMS_RULES]
        chosen = [rule for rule, truth in truths if truth is True]
        if chosen:
            cells.append((chosen[0], tuple((f, assumed[f]) for f in choices)))
        else:
            undecided += [rule for rule, truth in truths if truth is None]
    if undecided or not cells:
        missing = _noms_missing(undecided, facts)
        possible = list(dict.fromkeys(tuple(r.recommends) for r in undecided))
        if not undecided:
            reason = "The NOMS table has no row for this combination: the MDT decides."
            return (
                NomsOut(
                    status="not_applicable",
                    rule=None,
                    recommends=[],
                    domains=domains,
                    reason=reason,
                ),
                [],
                [],
            )
        return (
            NomsOut(
                status="incomplete",
                rule=None,
                recommends=[],
                possible=[list(p) for p in possible],
                domains=domains,
                missing=missing,
            ),
            [],
            [],
        )
    rules = list(dict.fromkeys(rule for rule, _ in cells))
    if len(rules) == 1:
        (rule,) = rules
        return (
            NomsOut(
                status="complete", rule=rule.code, recommends=list(rule.recommends), domains=domains
            ),
            rules,
            [],
        )
    branches = [(rule, _branch_labels(rule, cells)) for rule in rules]
    out = NomsOut(
        status="branched",
        rule=None,
        recommends=[],
        branches=[
            NomsBranchOut(when=list(labels), rule=rule.code, recommends=list(rule.recommends))
            for rule, labels in branches
        ],
        domains=domains,
        missing=sorted(
            {
                f
                for _, assumed in cells
                for f, _ in assumed
                if facts.get(f) in (None, "indeterminate")
            }
            & {"fit_for_surgery"}
        ),
    )
    return out, rules, branches


def _branch_labels(
    rule: PlanRule, cells: list[tuple[PlanRule, tuple[tuple[str, object], ...]]]
) -> tuple[str, ...]:
    """The assumptions that lead to ``rule``, for each question whose answer matters."""
    labels = []
    for index, fact in enumerate(_BRANCHING):
        values = {assumed[index][1] for _, assumed in cells}
        if len(values) < 2:
            continue
        mine = {assumed[index][1] for r, assumed in cells if r is rule}
        if mine != values:
            texts = (NOMS_BRANCH_LABELS[(fact, value)] for value in sorted(mine, key=str))
            labels.append(" or ".join(texts))
    return tuple(labels)


def _noms_missing(rules: list[PlanRule], facts: Facts) -> list[str]:
    labels = {
        "noms_neurologic": "lesions[].bilsky and myelopathy",
        "noms_mechanical": "lesions[] SINS items (stable 0–6, 7–12 or unstable 13–18)",
    }
    missing = set()
    for rule in rules:
        for fact in facts_read(rule.when):
            if facts.get(fact) is not None:
                continue
            if fact == "radiosensitivity":
                site = facts.get("primary_site")
                missing.add(
                    "primary_site"
                    if site is None
                    else f"radiosensitivity of '{site}' (not in the catalogue: the MDT judges)"
                )
            else:
                missing.add(labels.get(fact, fact))
    return sorted(missing)


def _domains(facts: Facts) -> dict[str, str | None]:
    neurologic = {
        "high": "High-grade ESCC" + _myelopathy(facts.get("myelopathy")),
        "low": "Low-grade ESCC without myelopathy",
        "indeterminate": "Bilsky 1c: indeterminate (both branches shown)",
        "outside": "Low-grade ESCC with myelopathy (outside the NOMS table)",
    }.get(str(facts.get("noms_neurologic")))
    mechanical = {
        "stable": "Stable",
        "unstable": "Unstable",
        "indeterminate": "Potentially unstable (SINS 7–12): the spinal surgeon judges",
        "not_applicable": "Not scored (no bony or epidural lesion)",
    }.get(str(facts.get("noms_mechanical")))
    fit = facts.get("fit_for_surgery")
    return {
        "neurologic": neurologic,
        "oncologic": str(facts["radiosensitivity"]) if facts.get("radiosensitivity") else None,
        "mechanical": mechanical,
        "systemic": None if fit is None else ("Able" if fit else "Unable") + " to tolerate surgery",
    }


def _myelopathy(value: object) -> str:
    if value is None:
        return ""
    return " with myelopathy" if value else " without myelopathy"


def _recommend(
    noms_rules: list[PlanRule],
    branches: list[tuple[PlanRule, tuple[str, ...]]],
    other: list[PlanRule],
    facts: Facts,
) -> tuple[list[PlannedRecommendation], list[ExcludedRecommendation], dict[str, set[int] | None]]:
    """Merge every rule's recommendations: conditions from NOMS branches and the fitness
    gate, "consider" qualifiers, and the codes the gate excludes. Also which NOMS branches
    each code belongs to (None: every branch)."""
    index_of = {rule.code: i for i, (rule, _) in enumerate(branches)}
    membership: dict[str, set[int] | None] = {}
    merged: dict[str, PlannedRecommendation] = {}
    whens: dict[str, list[tuple[str]]] = {}
    excluded: dict[str, ExcludedRecommendation] = {}
    fitness = evaluate(FITNESS_GATE.requires, facts)
    for rule in [*noms_rules, *other]:
        for code in (*rule.recommends, *rule.considers):
            rec = RECOMMENDATIONS[code]
            if code in FITNESS_GATE.codes and fitness is False:
                excluded[code] = ExcludedRecommendation(
                    code=code,
                    label=rec.label,
                    rule=FITNESS_GATE.code,
                    reason=f"{rec.label}: not suggested, {FITNESS_GATE.excluded_reason} "
                    f"(spec {FITNESS_GATE.provenance.section}).",
                )
                continue
            qualifiers = whens.setdefault(code, [])
            if code in rule.considers:
                qualifiers.append(("consider if the spinal surgeon judges it tolerable",))
            if code in FITNESS_GATE.codes and fitness is None:
                qualifiers.append((FITNESS_GATE.unknown_label,))
            if rule.code in index_of:
                known = membership.get(code, set())
                if known is not None:
                    membership[code] = known | {index_of[rule.code]}
            else:
                membership[code] = None
            before = merged.get(code)
            merged[code] = PlannedRecommendation(
                code=code,
                label=rec.label,
                text=rec.text,
                rules=[*(before.rules if before else []), rule.code],
                rationale=[*(before.rationale if before else []), rule.rationale],
                notes=[
                    *(before.notes if before else []),
                    # A rule's note is about what it only asks to consider, when it has such.
                    *(
                        [statement(STATEMENTS[rule.note])]
                        if rule.note and (not rule.considers or code in rule.considers)
                        else []
                    ),
                ],
                surgical=rec.surgical,
                needs_sign_off=(before.needs_sign_off if before else False) or rule.needs_sign_off,
            )
    out = []
    for code, planned in merged.items():
        where = membership.get(code)
        when: list[str] = []
        if where is not None and len(where) < len(branches):
            when.append(" — or ".join(_and(branches[i][1]) for i in sorted(where)))
        for (qualifier,) in dict.fromkeys(whens.get(code, [])):
            if qualifier not in " ".join(when):
                when.append(qualifier)
        out.append(planned.model_copy(update={"when": when}))
    return out, [e for code, e in excluded.items() if code not in merged], membership


def _and(labels: tuple[str, ...]) -> str:
    """("if A", "if B") -> "if A and B"."""
    return " and ".join(
        label if index == 0 else label.removeprefix("if ") for index, label in enumerate(labels)
    )


def plan_conflicts(codes: Iterable[str]) -> list[ConflictOut]:
    """The pairs of ``codes`` that exclude each other (spec §15.8): for the engine's own
    proposal and for a plan the MDT records."""
    wanted = set(codes)
    conflicts = []
    for pair in INCOMPATIBLE:
        first, second = sorted(wanted & pair.first), sorted(wanted & pair.second)
        if first and second:
            said = statement(STATEMENTS[pair.code], codes=", ".join(second))
            conflicts.append(ConflictOut(**said.model_dump(), codes=first + second))
    return conflicts


def _pair_conflicts(membership: dict[str, set[int] | None], branches: int) -> list[ConflictOut]:
    """Conflicts within what could be one plan: two suggestions that hold only in different
    NOMS branches are alternatives, not a contradiction."""
    found: dict[str, ConflictOut] = {}
    for branch in range(max(branches, 1)):
        codes = [c for c, where in membership.items() if where is None or branch in where]
        for conflict in plan_conflicts(codes):
            found.setdefault(conflict.code, conflict)
    return list(found.values())


def _score_conflicts(scores: dict[str, ScoreResult]) -> list[ConflictOut]:
    conflicts = []
    complete = {
        t.key: (t, r)
        for t in POINT_TABLES
        if (r := scores[t.key]).status == "complete" and r.band is not None
    }
    worst = [(t, r) for t, r in complete.values() if r.band and r.band.code == _ends(t)[0].code]
    best = [(t, r) for t, r in complete.values() if r.band and r.band.code == _ends(t)[1].code]
    if worst and best:
        said = statement(
            STATEMENTS["CF-SCORES-01"],
            worst=", ".join(
                f"{t.name} is in its worst band ({r.band.label})" for t, r in worst if r.band
            ),
            best=", ".join(
                f"{t.name} is in its best band ({r.band.label})" for t, r in best if r.band
            ),
        )
        conflicts.append(ConflictOut(**said.model_dump(), codes=[t.key for t, _ in worst + best]))
    modified, original = complete.get("bauer_modified"), complete.get("bauer_original")
    if (
        modified
        and original
        and modified[1].band
        and original[1].band
        and (modified[1].band.code != original[1].band.code)
    ):
        said = statement(
            STATEMENTS["CF-SCORES-02"],
            modified=modified[1].band.label,
            original=original[1].band.label,
        )
        conflicts.append(
            ConflictOut(**said.model_dump(), codes=["bauer_modified", "bauer_original"])
        )
    return conflicts


def _ends(table: PointTable) -> tuple[Band, Band]:
    """(worst band, best band) of a table."""
    bands = table.bands
    return (bands[0], bands[-1]) if table.higher_is_better else (bands[-1], bands[0])


def _caveats(
    case: Case,
    facts: Facts,
    noms: NomsOut,
    fired: list[PlanRule],
    recommendations: list[PlannedRecommendation],
) -> list[StatementOut]:
    caveats = []
    if noms.status != "not_applicable":
        caveats.append(statement(STATEMENTS["CV-NOMS-01"]))
    if case.primary_site:
        where = placement("radiosensitivity", case.primary_site)
        if where.group and not where.named:
            caveats.append(
                statement(
                    STATEMENTS["CV-RADIO-LOCAL-01"], site=case.primary_site, group=where.group
                )
            )
    if facts.get("bilsky_group") == "indeterminate" and noms.status != "not_applicable":
        high_only = facts.get("myelopathy") is True  # low grade with myelopathy has no row
        caveats.append(statement(STATEMENTS["CV-BILSKY-1C-02" if high_only else "CV-BILSKY-1C-01"]))
    caveats += [statement(STATEMENTS[r.caveat]) for r in fired if r.caveat]
    if any(FITNESS_GATE.unknown_label in " ".join(r.when) for r in recommendations):
        caveats.append(statement(STATEMENTS["CV-FITNESS-01"]))
    caveats += [
        statement(STATEMENTS[code]) for code, when in CAVEAT_RULES if evaluate(when, facts) is True
    ]
    return list({c.code: c for c in caveats}.values())
