"""The planning engine: derive the planning facts, evaluate the rules, merge, show conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from spinepath.clinical.catalogue import HISTOLOGIES, placement
from spinepath.clinical.logic import Facts, ScoreInterval, evaluate, facts_read
from spinepath.clinical.planning.rules import (
    NOMS_RULES,
    OTHER_RULES,
    RECOMMENDATIONS,
    RULESET_VERSION,
    PlanRule,
)
from spinepath.clinical.scores import POINT_TABLES, AnyResult
from spinepath.clinical.scores.table import Band, PointTable, ScoreResult

if TYPE_CHECKING:
    from spinepath.clinical.case import Case

__all__ = ["NomsResult", "Plan", "PlannedRecommendation", "plan_case"]

# NOMS is a framework for spinal metastases (and the haematological tumours treated alike).
_NOMS_PRIMARY_HISTOLOGIES = frozenset({"myeloma_plasmacytoma", "lymphoma"})


@dataclass(frozen=True)
class PlannedRecommendation:
    code: str
    label: str
    text: str
    rules: tuple[str, ...]
    rationale: tuple[str, ...]
    needs_sign_off: bool
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "label": self.label,
            "text": self.text,
            "rules": list(self.rules),
            "rationale": list(self.rationale),
            "notes": list(self.notes),
            "needs_sign_off": self.needs_sign_off,
        }


@dataclass(frozen=True)
class NomsResult:
    status: Literal["complete", "incomplete", "not_applicable"]
    rule: str | None
    recommends: tuple[str, ...]
    possible: tuple[tuple[str, ...], ...]
    domains: dict[str, str | None]
    missing: tuple[str, ...]
    reason: str | None

    def to_dict(self) -> dict[str, object]:
        return {
            "status": self.status,
            "rule": self.rule,
            "recommends": list(self.recommends),
            "possible": [list(p) for p in self.possible],
            "domains": self.domains,
            "missing": list(self.missing),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Plan:
    recommendations: tuple[PlannedRecommendation, ...]
    noms: NomsResult
    conflicts: tuple[str, ...]
    caveats: tuple[str, ...]
    needs_sign_off: bool
    ruleset_version: str = RULESET_VERSION

    def to_dict(self) -> dict[str, object]:
        return {
            "recommendations": [r.to_dict() for r in self.recommendations],
            "noms": self.noms.to_dict(),
            "conflicts": list(self.conflicts),
            "caveats": list(self.caveats),
            "needs_sign_off": self.needs_sign_off,
            "ruleset_version": self.ruleset_version,
        }


def plan_case(case: Case, scores: dict[str, AnyResult]) -> Plan:
    facts = planning_facts(case, scores)
    noms = _noms(case, facts)
    fired: list[PlanRule] = [r for r in NOMS_RULES if r.code == noms.rule]
    fired += [r for r in OTHER_RULES if evaluate(r.when, facts) is True]
    recommendations = _merge(fired)
    return Plan(
        recommendations=recommendations,
        noms=noms,
        conflicts=tuple(_conflicts(scores, recommendations)),
        caveats=tuple(_caveats(case, noms)),
        needs_sign_off=any(r.needs_sign_off for r in fired),
    )


def planning_facts(case: Case, scores: dict[str, AnyResult]) -> dict[str, object]:
    """The case's facts, the derived planning facts and every score's known range."""
    facts = case.facts()
    site = case.primary_site
    facts["radiosensitivity"] = placement("radiosensitivity", site).group if site else None
    bilsky = scores["bilsky"].to_dict()
    facts["bilsky_group"] = bilsky.get("group")
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    facts["histology_behaviour"] = histology.behaviour if histology else None
    facts["primary_bone_tumour"] = histology.bone_tumour if histology else None
    facts["lesion_pain"] = _lesion_pain(case)
    for key in ("sins", *(t.key for t in POINT_TABLES)):
        result = scores[key]
        if isinstance(result, ScoreResult) and result.min is not None and result.max is not None:
            facts[f"score:{key}"] = ScoreInterval(result.min, result.max)
    return facts


def _lesion_pain(case: Case) -> str | None:
    pains = [lesion.pain for lesion in case.lesions]
    for level in ("mechanical", "occasional"):
        if level in pains:
            return level
    return "none" if pains and all(p == "none" for p in pains) else None


def _noms(case: Case, facts: Facts) -> NomsResult:
    domains = _domains(facts)
    histology = HISTOLOGIES.get(case.histology) if case.histology else None
    if (
        histology
        and histology.origin == "primary"
        and histology.code not in _NOMS_PRIMARY_HISTOLOGIES
    ):
        return NomsResult(
            "not_applicable",
            None,
            (),
            (),
            domains,
            (),
            f"NOMS is a framework for spinal metastases; {histology.label} is a primary tumour.",
        )
    truths = [(rule, evaluate(rule.when, facts)) for rule in NOMS_RULES]
    chosen = [rule for rule, truth in truths if truth is True]
    if chosen:
        (rule,) = chosen
        return NomsResult("complete", rule.code, rule.recommends, (), domains, (), None)
    open_rows = [rule for rule, truth in truths if truth is None]
    if not open_rows:
        return NomsResult(
            "not_applicable",
            None,
            (),
            (),
            domains,
            (),
            "The NOMS table has no row for this combination (for example low-grade "
            "compression with myelopathy): the MDT decides without it.",
        )
    missing = sorted(
        {
            _missing_label(f, facts)
            for r in open_rows
            for f in facts_read(r.when)
            if facts.get(f) is None or f.startswith("score:")
        }
        - {""}
    )
    possible = tuple(dict.fromkeys(r.recommends for r in open_rows))
    return NomsResult("incomplete", None, (), possible, domains, tuple(missing), None)


def _missing_label(fact: str, facts: Facts) -> str:
    if fact == "score:sins":
        interval = facts.get(fact)
        settled = isinstance(interval, ScoreInterval) and (interval.high <= 6 or interval.low >= 7)
        return "" if settled else "lesions[] SINS items (stable 0–6 or not)"
    if fact == "bilsky_group":
        return "lesions[].bilsky"
    if fact == "radiosensitivity":
        site = facts.get("primary_site")
        if site is None:
            return "primary_site"
        return f"radiosensitivity of '{site}' (not in the catalogue: the MDT judges)"
    return fact


def _domains(facts: Facts) -> dict[str, str | None]:
    group, myelopathy = str(facts.get("bilsky_group")), facts.get("myelopathy")
    neurologic_by: dict[tuple[str, object], str] = {
        ("high", True): "High-grade ESCC with myelopathy",
        ("high", False): "High-grade ESCC without myelopathy",
        ("high", None): "High-grade ESCC",
        ("low", False): "Low-grade ESCC without myelopathy",
        ("low", True): "Low-grade ESCC with myelopathy (outside the NOMS table)",
    }
    neurologic = neurologic_by.get((group, myelopathy))
    sins = facts.get("score:sins")
    mechanical = None
    if isinstance(sins, ScoreInterval) and sins.high <= 6:
        mechanical = "Stable (SINS 0–6)"
    elif isinstance(sins, ScoreInterval) and sins.low >= 7:
        mechanical = "Potentially unstable or unstable (SINS ≥ 7)"
    fit = facts.get("fit_for_surgery")
    return {
        "neurologic": neurologic,
        "oncologic": str(facts["radiosensitivity"]) if facts.get("radiosensitivity") else None,
        "mechanical": mechanical,
        "systemic": None if fit is None else ("Able" if fit else "Unable") + " to tolerate surgery",
    }


def _merge(rules: list[PlanRule]) -> tuple[PlannedRecommendation, ...]:
    merged: dict[str, PlannedRecommendation] = {}
    for rule in rules:
        for code in rule.recommends:
            rec = RECOMMENDATIONS[code]
            before = merged.get(code)
            merged[code] = PlannedRecommendation(
                code=code,
                label=rec.label,
                text=rec.text,
                rules=(*(before.rules if before else ()), rule.code),
                rationale=(*(before.rationale if before else ()), rule.rationale),
                needs_sign_off=(before.needs_sign_off if before else False) or rule.needs_sign_off,
                notes=(*(before.notes if before else ()), *((rule.note,) if rule.note else ())),
            )
    return tuple(merged.values())


def _conflicts(
    scores: dict[str, AnyResult], recommendations: tuple[PlannedRecommendation, ...]
) -> list[str]:
    conflicts = []
    complete = {
        t.key: (t, r)
        for t in POINT_TABLES
        if isinstance(r := scores[t.key], ScoreResult) and r.status == "complete" and r.band
    }
    worst = [(t, r) for t, r in complete.values() if r.band == _ends(t)[0]]
    best = [(t, r) for t, r in complete.values() if r.band == _ends(t)[1]]
    if worst and best:
        conflicts.append(
            "Prognostic scores disagree: "
            + ", ".join(
                f"{t.name} is in its worst band ({r.band.label})" for t, r in worst if r.band
            )
            + "; "
            + ", ".join(f"{t.name} is in its best band ({r.band.label})" for t, r in best if r.band)
            + "."
        )
    modified, original = complete.get("bauer_modified"), complete.get("bauer_original")
    if (
        modified
        and original
        and modified[1].band
        and original[1].band
        and modified[1].band.code != original[1].band.code
    ):
        conflicts.append(
            f"Modified Bauer ({modified[1].band.label}) and original Bauer "
            f"({original[1].band.label}) bands disagree."
        )
    codes = {r.code for r in recommendations}
    surgery = codes & {"stabilisation", "decompression_and_stabilisation", "en_bloc_excision"}
    if "best_supportive_care" in codes and surgery:
        conflicts.append(
            "Surgery is suggested ("
            + ", ".join(sorted(surgery))
            + ") while prognosis scores point towards best supportive care: the systemic "
            "arm (expected survival, fitness, the patient's wishes) can override the NOMS "
            "table; the MDT should weigh both."
        )
    return conflicts


def _ends(table: PointTable) -> tuple[Band, Band]:
    """(worst band, best band) of a table."""
    bands = table.bands
    return (bands[0], bands[-1]) if table.higher_is_better else (bands[-1], bands[0])


def _caveats(case: Case, noms: NomsResult) -> list[str]:
    caveats = [
        "The NOMS table cells are reconstructed from common reproductions of Laufer 2013: "
        "needs clinical sign-off."
    ]
    if case.primary_site:
        where = placement("radiosensitivity", case.primary_site)
        if where.group and not where.named:
            caveats.append(
                f"Radiosensitivity of '{case.primary_site}' is placed as '{where.group}' "
                "locally: needs clinical sign-off."
            )
        if where.group == "intermediate":
            caveats.append(
                "Intermediate radiosensitivity is treated as radiosensitive in the NOMS table "
                "(common practice, unconfirmed); many intermediate tumours also benefit from SBRT."
            )
    if noms.domains.get("neurologic", "") and "1c" in _bilsky_grades(case):
        caveats.append("Bilsky 1c is treated as low grade; its management is controversial.")
    return caveats


def _bilsky_grades(case: Case) -> set[str]:
    return {lesion.bilsky for lesion in case.lesions if lesion.bilsky}
