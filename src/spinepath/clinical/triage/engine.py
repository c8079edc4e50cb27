"""The triage engine: evaluate every red-flag rule, take the most urgent that fired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from spinepath.clinical.logic import Facts, evaluate, facts_read
from spinepath.clinical.triage.rules import (
    ACTIONS,
    CATEGORIES,
    LYMPHOMA_POSSIBLE,
    ROUTINE_ACTIONS,
    RULES,
    RULESET_VERSION,
    Action,
    Category,
    CategoryCode,
    TriageRule,
)

if TYPE_CHECKING:
    from spinepath.clinical.case import Case

__all__ = ["TriageResult", "decided_category", "due_at", "triage"]


@dataclass(frozen=True)
class TriageResult:
    status: Literal["complete", "incomplete"]
    category: CategoryCode | None
    possible_categories: tuple[CategoryCode, ...]
    actions: tuple[Action, ...]
    rules_fired: tuple[str, ...]
    rules_undecided: tuple[str, ...]
    missing: tuple[str, ...]
    needs_sign_off: bool
    ruleset_version: str = RULESET_VERSION

    @property
    def label(self) -> str | None:
        return CATEGORIES[self.category].label if self.category else None

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "status": self.status,
            "category": self.category,
            "label": self.label,
            "actions": [a.to_dict() for a in self.actions],
            "rules_fired": list(self.rules_fired),
        }
        if self.status == "incomplete":
            data["possible_categories"] = list(self.possible_categories)
            data["rules_undecided"] = list(self.rules_undecided)
            data["missing"] = list(self.missing)
        data["needs_sign_off"] = self.needs_sign_off
        data["ruleset_version"] = self.ruleset_version
        return data


def _weigh(
    facts: Facts,
) -> tuple[list[TriageRule], Category | None, list[TriageRule], CategoryCode]:
    """The rules fired, the most urgent category among them, the rules still open above it
    (unknown, of a more urgent category), and the category decided if none of those fires."""
    truths = [(rule, evaluate(rule.when, facts)) for rule in RULES]
    fired = [rule for rule, truth in truths if truth is True]
    top = max((CATEGORIES[r.category] for r in fired), key=lambda c: c.rank, default=None)
    floor = top.rank if top else CATEGORIES["routine"].rank
    open_rules = [
        rule for rule, truth in truths if truth is None and CATEGORIES[rule.category].rank > floor
    ]
    return fired, top, open_rules, top.code if top else "routine"


def decided_category(facts: Facts) -> CategoryCode | None:
    """The category ``triage`` sets from these facts; ``None`` while it is incomplete."""
    _, _, open_rules, decided = _weigh(facts)
    return None if open_rules else decided


def triage(case: Case) -> TriageResult:
    facts = case.facts()
    fired, top, open_rules, decided = _weigh(facts)
    possible = sorted(
        {decided, *(r.category for r in open_rules)},
        key=lambda code: -CATEGORIES[code].rank,
    )
    missing = sorted({f for r in open_rules for f in facts_read(r.when) if facts.get(f) is None})
    status: Literal["complete", "incomplete"] = "incomplete" if open_rules else "complete"
    # An incomplete triage lists only the actions already certain (those of the rules of the
    # most urgent category that fired); it never assumes an answer that was not recorded.
    if top:
        codes = [code for rule in fired if rule.category == top.code for code in rule.actions]
    else:
        codes = [] if open_rules else list(ROUTINE_ACTIONS)
    if "dexamethasone_16mg" in codes and evaluate(LYMPHOMA_POSSIBLE, facts):
        codes.insert(codes.index("dexamethasone_16mg") + 1, "steroids_lymphoma_caution")
    actions = tuple(ACTIONS[c] for c in dict.fromkeys(codes))
    return TriageResult(
        status=status,
        category=None if open_rules else decided,
        possible_categories=tuple(possible),
        actions=actions,
        rules_fired=tuple(r.code for r in fired),
        rules_undecided=tuple(r.code for r in open_rules),
        missing=tuple(missing),
        needs_sign_off=any(r.needs_sign_off for r in fired)
        or any(a.needs_sign_off for a in actions),
    )


def due_at(action: Action, anchored_at: datetime) -> datetime | None:
    """When ``action`` falls due, counted from its anchor event (e.g. the decision to treat)."""
    if action.deadline_hours is None:
        return None
    return anchored_at + timedelta(hours=action.deadline_hours)
