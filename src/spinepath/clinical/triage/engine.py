"""The triage engine: evaluate every red-flag rule, take the most urgent that fired.

Safe by default (spec §15.2): while a fact that could raise the category is missing, the
triage is *incomplete*, lists the categories still reachable and shows the actions of the
most urgent one, each marked "until <fact> is recorded". It never shows no actions and
never a lower category than a completion could reach.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from spinepath.clinical.logic import Facts, evaluate, facts_read
from spinepath.clinical.results import ActionOut, SignOut, StatementOut, TriageOut, statement
from spinepath.clinical.scores.bilsky import BILSKY
from spinepath.clinical.statements import STATEMENTS
from spinepath.clinical.triage.rules import (
    ACTIONS,
    ADD_ONS,
    CATEGORIES,
    DERIVED_FACTS,
    NEUROLOGICAL_SIGNS,
    ROUTINE_ACTIONS,
    RULES,
    RULESET_VERSION,
    Action,
    CategoryCode,
    TriageRule,
)

if TYPE_CHECKING:
    from spinepath.clinical.case import Case

__all__ = ["TriageResult", "decided_category", "due_at", "triage", "triage_facts"]

TriageResult = TriageOut


def triage_facts(case: Case) -> dict[str, object]:
    """The case's facts, the most severe recorded Bilsky grade and the derived facts."""
    facts = case.facts()
    grades = [lesion.bilsky for lesion in case.lesions if lesion.bilsky]
    facts["bilsky"] = max(grades, key=BILSKY.rank) if grades else None
    for name, derived in DERIVED_FACTS.items():
        facts[name] = evaluate(derived.when, facts)
    return facts


def _weigh(
    facts: Facts,
) -> tuple[list[TriageRule], list[TriageRule], CategoryCode, CategoryCode]:
    """The rules fired, the rules still unknown, the category decided if none of the unknown
    rules fires, and the most urgent category still reachable."""
    truths = [(rule, evaluate(rule.when, facts)) for rule in RULES]
    fired = [rule for rule, truth in truths if truth is True]
    unknown = [rule for rule, truth in truths if truth is None]
    ranked: list[CategoryCode] = sorted(CATEGORIES, key=lambda c: -CATEGORIES[c].rank)
    routine: CategoryCode = "routine"
    decided = next((c for c in ranked if any(r.category == c for r in fired)), routine)
    most_urgent = next(
        (c for c in ranked if c == decided or any(r.category == c for r in unknown)), decided
    )
    return fired, unknown, decided, most_urgent


def decided_category(facts: Facts) -> CategoryCode | None:
    """The category ``triage`` sets from these facts (with the derived facts); ``None``
    while it is incomplete."""
    _, _, decided, most_urgent = _weigh(facts)
    return decided if decided == most_urgent else None


def triage(case: Case) -> TriageOut:
    facts = triage_facts(case)
    fired, unknown, decided, most_urgent = _weigh(facts)
    complete = decided == most_urgent
    floor = CATEGORIES[decided].rank
    reachable = sorted(
        {decided, *(r.category for r in unknown if CATEGORIES[r.category].rank > floor)},
        key=lambda code: -CATEGORIES[code].rank,
    )
    open_above = [r for r in unknown if CATEGORIES[r.category].rank > floor]
    # The actions: those of the rules of the decided category that fired, and of the rules
    # of the most urgent reachable category that are still unknown ("until … recorded").
    showing = [r for r in fired if r.category == decided and decided != "routine"]
    showing += [r for r in unknown if r.category == most_urgent and most_urgent != "routine"]
    showing.sort(key=RULES.index)
    actions: dict[str, ActionOut] = {}
    for rule in showing:
        until = _missing(rule, facts) if rule in unknown else []
        for index, code in enumerate(rule.actions):
            notes = _rule_notes(rule, facts) if index == 0 else []
            actions[code] = _merge(actions.get(code), ACTIONS[code], until, notes)
    if not actions:
        actions = {c: _merge(None, ACTIONS[c], [], []) for c in ROUTINE_ACTIONS}
    actions = _add_ons(actions, facts)
    missing = sorted({f for r in open_above for f in _missing(r, facts)})
    missing_same = sorted(
        {f for r in unknown if r.category == most_urgent for f in _missing(r, facts)}
    )
    signs = _signs(facts)
    return TriageOut(
        status="complete" if complete else "incomplete",
        category=decided if complete else None,
        label=CATEGORIES[decided].label if complete else None,
        most_urgent_possible=most_urgent,
        possible_categories=list(reachable),
        actions=list(actions.values()),
        rules_fired=[r.code for r in fired],
        rules_undecided=[r.code for r in (open_above if not complete else unknown)],
        missing=missing if not complete else missing_same,
        signs=signs,
        needs_sign_off=any(r.needs_sign_off for r in showing)
        or any(a.needs_sign_off for a in actions.values()),
        ruleset_version=RULESET_VERSION,
    )


def _missing(rule: TriageRule, facts: Facts) -> list[str]:
    return sorted(f for f in facts_read(rule.when) if facts.get(f) is None)


def _merge(
    before: ActionOut | None, action: Action, until: list[str], notes: list[StatementOut]
) -> ActionOut:
    """One action, certain as soon as one rule that fired asks for it."""
    if before is not None:
        # Certain as soon as one rule that fired asks for it; otherwise shown until the
        # fewest facts that could settle one of the rules asking for it are recorded.
        certain = not before.until or not until
        until = [] if certain else min(before.until, until, key=len)
        notes = [*before.notes, *(n for n in notes if n not in before.notes)]
    if until:
        notes = [
            statement(STATEMENTS["NT-UNTIL-01"], facts=" and ".join(until)),
            *(n for n in notes if n.code != "NT-UNTIL-01"),
        ]
    else:
        notes = [n for n in notes if n.code != "NT-UNTIL-01"]
    return ActionOut(
        code=action.code,
        text=action.text,
        deadline_hours=action.deadline_hours,
        anchor=action.anchor,
        audience=action.audience,
        source=action.source,
        needs_sign_off=action.needs_sign_off,
        until=until,
        notes=notes,
    )


def _rule_notes(rule: TriageRule, facts: Facts) -> list[StatementOut]:
    if rule.note is None:
        return []
    labels = "; ".join(s.label for s in _signs(facts)) or "neurological signs"
    return [statement(STATEMENTS[rule.note], signs=labels)]


def _add_ons(actions: dict[str, ActionOut], facts: Facts) -> dict[str, ActionOut]:
    for add_on in ADD_ONS:
        if add_on.after in actions and evaluate(add_on.when, facts) is True:
            after = actions[add_on.after]
            added = _merge(None, ACTIONS[add_on.action], list(after.until), [])
            codes = list(actions)
            position = codes.index(add_on.after) + 1
            codes.insert(position, add_on.action)
            actions = {c: (added if c == add_on.action else actions[c]) for c in codes}
    return actions


def _signs(facts: Facts) -> list[SignOut]:
    return [
        SignOut(
            code=sign.code,
            field=sign.fact,
            value=str(facts[sign.fact]),
            label=sign.describe(facts[sign.fact]),
        )
        for sign in NEUROLOGICAL_SIGNS
        if evaluate(sign.when, facts) is True
    ]


def due_at(action: Action | ActionOut, anchored_at: datetime) -> datetime | None:
    """When ``action`` falls due, counted from its anchor event (e.g. the decision to treat)."""
    if action.deadline_hours is None:
        return None
    return anchored_at + timedelta(hours=action.deadline_hours)
