"""Conditions over clinical facts, as data.

Every option of a point table, every triage rule and every planning rule says *when* it
applies with one of these small, frozen condition objects. They are interpreted here for a
single case (``evaluate``) and compiled to polars expressions by the batch scorer, so the
two can never disagree about a threshold.

Logic is three-valued (Kleene): a condition on a fact that was not recorded is ``None``
("unknown"), not ``False``. ``AnyOf`` is true as soon as one part is true even when others
are unknown; ``AllOf`` is false as soon as one part is false. This is what lets a score
with missing answers report which options are still possible instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "AllOf",
    "AnyOf",
    "Below",
    "Between",
    "Condition",
    "Facts",
    "HasAny",
    "Is",
    "IsIn",
    "Missing",
    "Not",
    "OpenWhen",
    "Recorded",
    "ScoreBetween",
    "ScoreInterval",
    "evaluate",
    "facts_read",
    "recorded_in",
]

Truth: TypeAlias = bool | None
"""True, False, or None for "not known from what was recorded"."""


@dataclass(frozen=True)
class ScoreInterval:
    """What is known of another score's total: exactly ``low`` when low == high."""

    low: int
    high: int


Facts: TypeAlias = Mapping[str, object]
"""Case fields by name (case-format §1 names); scores by ``score:<key>`` as ScoreInterval."""


@dataclass(frozen=True)
class IsIn:
    """The coded fact is one of ``codes``."""

    fact: str
    codes: frozenset[str]

    def describe(self) -> str:
        if len(self.codes) == 1:
            return f"{self.fact} is {next(iter(self.codes))}"
        return f"{self.fact} is one of {', '.join(sorted(self.codes))}"


@dataclass(frozen=True)
class Is:
    """The yes/no fact has this value."""

    fact: str
    value: bool

    def describe(self) -> str:
        return f"{self.fact} is {'yes' if self.value else 'no'}"


@dataclass(frozen=True)
class Between:
    """``low <= fact <= high`` (either bound may be open)."""

    fact: str
    low: float | None = None
    high: float | None = None

    def describe(self) -> str:
        if self.high is None:
            return f"{self.fact} ≥ {_num(self.low)}"
        if self.low is None:
            return f"{self.fact} ≤ {_num(self.high)}"
        if self.low == self.high:
            return f"{self.fact} = {_num(self.low)}"
        return f"{self.fact} {_num(self.low)}–{_num(self.high)}"


@dataclass(frozen=True)
class Below:
    """``fact < value`` (for continuous measurements such as albumin)."""

    fact: str
    value: float

    def describe(self) -> str:
        return f"{self.fact} < {_num(self.value)}"


@dataclass(frozen=True)
class HasAny:
    """The list fact (e.g. ``symptoms``) contains at least one of ``codes``."""

    fact: str
    codes: frozenset[str]

    def describe(self) -> str:
        return f"{self.fact} include any of {', '.join(sorted(self.codes))}"


@dataclass(frozen=True)
class Missing:
    """The fact was not recorded. Never unknown itself."""

    fact: str

    def describe(self) -> str:
        return f"{self.fact} not recorded"


@dataclass(frozen=True)
class Recorded:
    """The fact was recorded (any value). Never unknown itself."""

    fact: str

    def describe(self) -> str:
        return f"{self.fact} recorded"


@dataclass(frozen=True)
class ScoreBetween:
    """Another score's total lies in ``low..high``; unknown while its range straddles that."""

    score: str
    low: int
    high: int

    def describe(self) -> str:
        return f"{self.score} total {self.low}–{self.high}"


@dataclass(frozen=True)
class OpenWhen:
    """Unknown when ``part`` holds, false otherwise.

    For a fact that *was* recorded but that a table cannot place (a primary site that a
    score does not name and nobody has mapped): every option stays possible.
    """

    part: Condition

    def describe(self) -> str:
        return f"undecided when {_bracket(self.part)}"


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]

    def describe(self) -> str:
        return " and ".join(_bracket(p) for p in self.parts)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]

    def describe(self) -> str:
        return " or ".join(_bracket(p) for p in self.parts)


@dataclass(frozen=True)
class Not:
    part: Condition

    def describe(self) -> str:
        return f"not {_bracket(self.part)}"


Condition: TypeAlias = (
    IsIn
    | Is
    | Between
    | Below
    | HasAny
    | Missing
    | Recorded
    | ScoreBetween
    | OpenWhen
    | AllOf
    | AnyOf
    | Not
)


def recorded_in(fact: str, codes: frozenset[str]) -> Condition:
    """``fact`` is recorded and one of ``codes``: false (never unknown) when not recorded."""
    return AllOf((Recorded(fact), IsIn(fact, codes)))


def evaluate(condition: Condition, facts: Facts) -> Truth:
    """Three-valued truth of ``condition`` for one case."""
    match condition:
        case IsIn(fact, codes):
            value = facts.get(fact)
            return None if value is None else value in codes
        case Is(fact, expected):
            value = facts.get(fact)
            return None if value is None else value is expected
        case Between(fact, low, high):
            value = facts.get(fact)
            if value is None:
                return None
            number = _as_number(fact, value)
            return (low is None or number >= low) and (high is None or number <= high)
        case Below(fact, limit):
            value = facts.get(fact)
            return None if value is None else _as_number(fact, value) < limit
        case HasAny(fact, codes):
            value = facts.get(fact)
            if value is None:
                return None
            if not isinstance(value, (list, tuple, frozenset, set)):
                raise TypeError(f"{fact} must be a list of codes, got {value!r}")
            return any(code in codes for code in value)
        case Missing(fact):
            return facts.get(fact) is None
        case Recorded(fact):
            return facts.get(fact) is not None
        case ScoreBetween(score, low, high):
            interval = facts.get(f"score:{score}")
            if interval is None:
                return None
            if not isinstance(interval, ScoreInterval):
                raise TypeError(f"score:{score} must be a ScoreInterval, got {interval!r}")
            if low <= interval.low and interval.high <= high:
                return True
            if interval.high < low or interval.low > high:
                return False
            return None
        case OpenWhen(part):
            return None if evaluate(part, facts) is not False else False
        case AllOf(parts):
            truths = [evaluate(p, facts) for p in parts]
            if any(t is False for t in truths):
                return False
            return None if any(t is None for t in truths) else True
        case AnyOf(parts):
            truths = [evaluate(p, facts) for p in parts]
            if any(t is True for t in truths):
                return True
            return None if any(t is None for t in truths) else False
        case Not(part):
            truth = evaluate(part, facts)
            return None if truth is None else not truth
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def facts_read(condition: Condition) -> frozenset[str]:
    """The case fields a condition reads (scores appear as ``score:<key>``)."""
    match condition:
        case IsIn(fact) | Is(fact) | Between(fact) | Below(fact) | HasAny(fact):
            return frozenset({fact})
        case Missing(fact) | Recorded(fact):
            return frozenset({fact})
        case ScoreBetween(score):
            return frozenset({f"score:{score}"})
        case AllOf(parts) | AnyOf(parts):
            return frozenset().union(*(facts_read(p) for p in parts))
        case Not(part) | OpenWhen(part):
            return facts_read(part)
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def _as_number(fact: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{fact} must be a number, got {value!r}")
    return value


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else str(value)


def _bracket(condition: Condition) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text
