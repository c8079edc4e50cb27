"""What the templates show, built from the clinical data so pages cannot disagree with it.

Labels, rule rationales, action texts and deadline hours all come from
`spinepath.clinical` (vocab, catalogue, triage.rules); this module only phrases them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from spinepath.clinical.catalogue import PRIMARY_SITES
from spinepath.clinical.triage import TriageResult
from spinepath.clinical.triage.rules import ACTIONS, CATEGORIES, ROUTINE_ACTIONS, RULES
from spinepath.clinical.vocab import AMBULATORY, CANCER_HISTORY, FRANKEL, SYMPTOMS
from spinepath.referrals.deadlines import Deadline, next_deadline
from spinepath.referrals.forms import SYMPTOM_GROUPS, TriageFactsForm
from spinepath.referrals.models import Referral, Status

__all__ = [
    "CATEGORY_COLOURS",
    "deadline_phrase",
    "deadline_view",
    "facts_view",
    "format_duration",
    "gp_information",
    "snapshot_view",
    "triage_view",
    "worklist_row",
]

CATEGORY_COLOURS = {"emergency": "red", "urgent": "orange", "routine": "green"}
STATE_TAGS = {
    "breached": ("Breached", "red"),
    "near_breach": ("Near breach", "yellow"),
    "on_track": ("On track", "white"),
    "met": ("Met", "grey"),
}
_ANCHORS = {
    "suspected_diagnosis": "of the suspected diagnosis (the referral)",
    "decision_to_treat": "of the decision to treat",
    "now": "",
}
_RULES = {rule.code: rule for rule in RULES}


def deadline_phrase(hours: int | None, anchor: str = "now") -> str:
    """24 -> "Within 24 hours of the suspected diagnosis (the referral)"; 0 -> "Now"."""
    if hours is None:
        return ""
    if hours == 0:
        return "Now"
    if hours % 168 == 0:
        weeks = hours // 168
        span = "1 week" if weeks == 1 else f"{weeks} weeks"
    elif hours > 48 and hours % 24 == 0:
        span = f"{hours // 24} days"
    else:
        span = f"{hours} hours"
    return " ".join(part for part in (f"Within {span}", _ANCHORS.get(anchor, "")) if part)


def format_duration(delta: dt.timedelta) -> str:
    """A duration to the minute, for people: "2 days 3 h", "5 h 12 min", "40 min"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def _field_label(name: str) -> str:
    field = TriageFactsForm.base_fields.get(name)
    return str(field.label) if field is not None else name.replace("_", " ")


def snapshot_view(data: dict[str, Any]) -> dict[str, Any]:
    """A triage result as stored (`TriageResult.to_dict()`), ready for the triage panel."""
    category = data.get("category")
    actions = [
        {
            **a,
            "deadline": deadline_phrase(a.get("deadline_hours"), a.get("anchor", "now")),
            "until": " and ".join(_field_label(f) for f in a.get("until", [])),
            "notes": [n["text"] for n in a.get("notes", []) if n.get("code") != "NT-UNTIL-01"],
        }
        for a in data.get("actions", [])
    ]
    most_urgent = data.get("most_urgent_possible") or category or ""
    return {
        "complete": data.get("status") == "complete",
        "category": category,
        "label": data.get("label"),
        "colour": CATEGORY_COLOURS.get(category or "", "grey"),
        "most_urgent": most_urgent,
        "most_urgent_label": CATEGORIES[most_urgent].label if most_urgent in CATEGORIES else "",
        "most_urgent_colour": CATEGORY_COLOURS.get(most_urgent, "grey"),
        "signs": [s["label"] for s in data.get("signs", [])],
        "clinician_actions": [a for a in actions if a.get("audience") == "clinician"],
        "patient_actions": [a for a in actions if a.get("audience") == "patient"],
        "rules": [
            {"code": code, "rationale": _RULES[code].rationale if code in _RULES else ""}
            for code in data.get("rules_fired", [])
        ],
        "missing": [_field_label(name) for name in data.get("missing", [])],
        "possible": [
            CATEGORIES[c].label for c in data.get("possible_categories", []) if c in CATEGORIES
        ],
        "needs_sign_off": bool(data.get("needs_sign_off")),
        "ruleset_version": data.get("ruleset_version", ""),
    }


def triage_view(result: TriageResult | None) -> dict[str, Any] | None:
    return snapshot_view(result.to_dict()) if result is not None else None


def facts_view(facts: dict[str, Any]) -> list[tuple[str, str | list[str]]]:
    """The recorded facts as (question, answer) in plain language."""
    site = PRIMARY_SITES.get(facts.get("primary_site", ""))
    rows: list[tuple[str, str | list[str]]] = [
        (_field_label("cancer_history"), CANCER_HISTORY.get(facts.get("cancer_history", ""), "")),
        (_field_label("primary_site"), site.label if site else ""),
        ("Symptoms", [SYMPTOMS[s] for s in facts.get("symptoms", []) if s in SYMPTOMS]),
        ("Frankel grade", FRANKEL.get(facts.get("frankel", ""), "")),
        (_field_label("ambulatory"), AMBULATORY.get(facts.get("ambulatory", ""), "")),
    ]
    return [(q, a or "Not recorded") for q, a in rows]


@dataclass(frozen=True)
class DeadlineView:
    label: str
    due_at: dt.datetime
    state: str
    state_label: str
    colour: str
    time_left: str


def deadline_view(deadline: Deadline, at: dt.datetime) -> DeadlineView:
    label, colour = STATE_TAGS[deadline.state]
    left = deadline.time_left(at)
    if deadline.state == "met":
        text = ""
    elif left < dt.timedelta(0):
        text = f"overdue by {format_duration(left)}"
    else:
        text = f"{format_duration(left)} left"
    return DeadlineView(deadline.label, deadline.due_at, deadline.state, label, colour, text)


@dataclass(frozen=True)
class WorklistRow:
    referral: Referral
    category_colour: str
    next: DeadlineView | None


def worklist_row(referral: Referral, at: dt.datetime) -> WorklistRow:
    upcoming = next_deadline(referral, at)
    return WorklistRow(
        referral,
        CATEGORY_COLOURS.get(referral.category, "grey"),
        deadline_view(upcoming, at) if upcoming else None,
    )


def gp_information() -> dict[str, Any]:
    """The GP page's content, from the triage rules: red flags, categories, deadlines."""
    groups = [
        {"key": key, "legend": legend, "symptoms": [SYMPTOMS[c] for c in codes]}
        for key, legend, codes in SYMPTOM_GROUPS
    ]
    categories = []
    for category in sorted(CATEGORIES.values(), key=lambda c: -c.rank):
        rules = [r for r in RULES if r.category == category.code]
        codes = [code for r in rules for code in r.actions] or list(ROUTINE_ACTIONS)
        actions = [ACTIONS[code] for code in dict.fromkeys(codes)]
        categories.append(
            {
                "code": category.code,
                "label": category.label,
                "colour": CATEGORY_COLOURS[category.code],
                "rules": [{"code": r.code, "rationale": r.rationale} for r in rules],
                "actions": [
                    {"text": a.text, "deadline": deadline_phrase(a.deadline_hours, a.anchor)}
                    for a in actions
                    if a.audience == "clinician"
                ],
            }
        )
    safety_net = [a.text for a in ACTIONS.values() if a.audience == "patient"]
    steps = [label for value, label in Status.choices]
    return {"groups": groups, "categories": categories, "safety_net": safety_net, "steps": steps}
