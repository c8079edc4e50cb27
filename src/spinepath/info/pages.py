"""The list of patient-information pages, and the safety-net advice from the triage engine.

The urgent advice is not retyped here: it is read from the engine's patient actions
(`ACTIONS` with audience "patient" in spinepath.clinical.triage.rules), so the pages say
exactly what the referral confirmation says.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinepath.clinical.triage.rules import ACTIONS, Action

__all__ = ["PAGES", "URGENT_ACTIONS", "Page", "SafetyNet", "safety_net"]

URGENT_ACTIONS = frozenset({"safety_net_neurology"})
"""Patient actions that mean "get help straight away" (codes are stable); the others say
"tell your doctor"."""


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    sections: tuple[tuple[str, str], ...]
    """(anchor id, heading) for "On this page"; the template has an h2 with each id."""


PAGES: tuple[Page, ...] = (
    Page(
        "spinal-tumours",
        "Spinal tumours",
        "What a spinal tumour is, the different kinds, and where in the spine they grow.",
        (
            ("what-is-it", "What is a spinal tumour?"),
            ("primary-or-secondary", "Primary or secondary?"),
            ("benign-or-malignant", "Benign or malignant?"),
            ("where", "Where in the spine do they grow?"),
            ("problems", "What problems can a spinal tumour cause?"),
        ),
    ),
    Page(
        "warning-symptoms",
        "Warning symptoms and what to do",
        "The symptoms that need help straight away, and the ones to tell your doctor about.",
        (
            ("get-help", "Get help straight away"),
            ("symptoms", "What symptoms should I look out for?"),
            ("tell-your-doctor", "When should I tell my doctor?"),
            ("mscc", "What is spinal cord compression?"),
            ("what-happens", "What happens when I get help?"),
        ),
    ),
    Page(
        "biopsy",
        "Having a biopsy",
        "Why you may need a biopsy before treatment, and what it tells your care team.",
        (
            ("what-is-it", "What is a biopsy?"),
            ("why", "Why might I need a biopsy?"),
            ("results", "What happens with the results?"),
        ),
    ),
    Page(
        "treatments",
        "Treatments for spinal tumours",
        "Surgery (including keyhole surgery), radiotherapy and chemotherapy.",
        (
            ("options", "What treatments are there?"),
            ("radiotherapy-chemotherapy", "Radiotherapy and chemotherapy"),
            ("surgery", "When is surgery used?"),
            ("keyhole", "What is keyhole surgery?"),
            ("deciding", "Who decides on my treatment?"),
        ),
    ),
    Page(
        "supportive-care",
        "Care and support",
        "Painkillers, physiotherapy, occupational therapy, bladder and bowel care, skin care "
        "and help from social services.",
        (
            ("pain", "Painkillers"),
            ("moving", "Physiotherapy and occupational therapy"),
            ("bladder-bowel", "Bladder and bowel care"),
            ("skin", "Skin care"),
            ("social-services", "Help from social services"),
        ),
    ),
    Page(
        "no-treatment",
        "When no treatment is needed",
        "Why some spinal tumours are watched with check-ups instead of treated.",
        (
            ("why", "Why might I not need treatment?"),
            ("observation", "What is observation?"),
            ("changes", "What if my symptoms change?"),
        ),
    ),
)


@dataclass(frozen=True)
class SafetyNet:
    urgent: tuple[Action, ...]
    """Get help straight away (the NHS.UK "urgent" care card)."""
    non_urgent: tuple[Action, ...]
    """Tell your doctor."""


def safety_net() -> SafetyNet:
    patient = [a for a in ACTIONS.values() if a.audience == "patient"]
    return SafetyNet(
        urgent=tuple(a for a in patient if a.code in URGENT_ACTIONS),
        non_urgent=tuple(a for a in patient if a.code not in URGENT_ACTIONS),
    )
