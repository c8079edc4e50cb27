"""The case: clinical facts recorded once (case-format §1), and their validation.

Every field is optional. Unknown fields and unknown codes are errors, reported all at once,
each naming the field, the value received and what is allowed. Nothing is coerced: "60"
is not a KPS, 1 is not a Bilsky grade, "yes" is not a boolean.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from spinepath.clinical import vocab
from spinepath.clinical.catalogue import HISTOLOGIES, PRIMARY_SITES
from spinepath.clinical.text import shorten

__all__ = [
    "CASE_FORMAT",
    "Case",
    "CaseValidationError",
    "DuplicateKey",
    "FieldError",
    "Lesion",
    "case_json_schema",
    "parse_case",
    "parse_case_json",
    "unique_keys",
]

CASE_FORMAT = "spinepath-case/1"


@dataclass(frozen=True)
class FieldError:
    """One problem with one field: where, what was received, what is allowed."""

    field: str
    value: object
    allowed: str
    message: str

    def __str__(self) -> str:
        received = shorten(repr(self.value))
        return f"{self.field}: {self.message} (received {received}; allowed: {self.allowed})"


class CaseValidationError(ValueError):
    """A case failed validation. ``errors`` lists every problem found, in field order."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = tuple(errors)
        noun = "problem" if len(errors) == 1 else "problems"
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"the case has {len(errors)} {noun}:\n{lines}")


@dataclass(frozen=True)
class Code:
    """Pydantic metadata: the string must be one of ``codes`` (the vocabulary ``name``)."""

    name: str
    codes: tuple[str, ...]

    def check(self, value: str) -> str:
        if value not in self.codes:
            raise PydanticCustomError("code", "unknown {name} code", {"name": self.name})
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.codes)}


CancerHistory = Annotated[str, Code("cancer history", tuple(vocab.CANCER_HISTORY))]
PrimarySiteCode = Annotated[str, Code("primary site", tuple(PRIMARY_SITES))]
HistologyCode = Annotated[str, Code("histology", tuple(HISTOLOGIES))]
Judgement = Annotated[str, Code("instability judgement", tuple(vocab.INSTABILITY_JUDGEMENT))]
Visceral = Annotated[str, Code("visceral metastases", tuple(vocab.VISCERAL_METASTASES))]
FrankelGrade = Annotated[str, Code("Frankel grade", tuple(vocab.FRANKEL))]
AsiaGrade = Annotated[str, Code("ASIA grade", tuple(vocab.ASIA))]
Ambulatory = Annotated[str, Code("walking status", tuple(vocab.AMBULATORY))]
Symptom = Annotated[str, Code("symptom", tuple(vocab.SYMPTOMS))]
Level = Annotated[str, Code("vertebral level", tuple(vocab.VERTEBRAL_LEVELS))]
Compartment = Annotated[str, Code("compartment", tuple(vocab.COMPARTMENTS))]
LesionPain = Annotated[str, Code("lesion pain", tuple(vocab.LESION_PAIN))]
BoneLesion = Annotated[str, Code("bone lesion", tuple(vocab.BONE_LESION))]
Alignment = Annotated[str, Code("alignment", tuple(vocab.LESION_ALIGNMENT))]
Collapse = Annotated[str, Code("collapse", tuple(vocab.COLLAPSE))]
Posterolateral = Annotated[str, Code("posterolateral involvement", tuple(vocab.POSTEROLATERAL))]
BilskyGrade = Annotated[str, Code("Bilsky grade", tuple(vocab.BILSKY_GRADES))]

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Lesion(BaseModel):
    """One involved vertebral level and its imaging findings."""

    model_config = _STRICT

    level: Level | None = None
    compartment: Compartment | None = None
    pain: LesionPain | None = None
    bone_lesion: BoneLesion | None = None
    alignment: Alignment | None = None
    collapse: Collapse | None = None
    posterolateral: Posterolateral | None = None
    bilsky: BilskyGrade | None = None


class Case(BaseModel):
    """One patient's clinical facts. Scores are derived from these, never entered."""

    model_config = _STRICT

    format: Literal["spinepath-case/1"] | None = None
    case_id: str | None = Field(default=None, max_length=200)
    age: int | None = Field(default=None, ge=0, le=125)
    cancer_history: CancerHistory | None = None
    primary_site: PrimarySiteCode | None = None
    histology: HistologyCode | None = None
    instability_judgement: Judgement | None = None
    kps: int | None = Field(default=None, ge=0, le=100, multiple_of=10)
    ecog: int | None = Field(default=None, ge=0, le=5)
    extraspinal_bone_metastases: int | None = Field(default=None, ge=0, le=1000)
    vertebral_metastases: int | None = Field(default=None, ge=1, le=30)
    visceral_metastases: Visceral | None = None
    pathological_fracture: bool | None = None
    frankel: FrankelGrade | None = None
    asia: AsiaGrade | None = None
    ambulatory: Ambulatory | None = None
    albumin_g_per_l: float | None = Field(default=None, ge=5, le=100, allow_inf_nan=False)
    fit_for_surgery: bool | None = None
    myelopathy: bool | None = None
    months_since_primary_diagnosis: float | None = Field(
        default=None, ge=0, le=1500, allow_inf_nan=False
    )
    motor_deficit_days: int | None = Field(default=None, ge=0, le=36500)
    # strict=False only so that a JSON list is accepted for a tuple; items stay strict.
    symptoms: tuple[Symptom, ...] | None = Field(default=None, strict=False)
    lesions: tuple[Lesion, ...] = Field(default=(), strict=False)

    @model_validator(mode="after")
    def _one_lesion_per_level(self) -> Case:
        seen: set[str] = set()
        for lesion in self.lesions:
            if lesion.level is not None and lesion.level in seen:
                raise PydanticCustomError(
                    "duplicate_level",
                    "level {level} appears in more than one lesion; record one lesion per level",
                    {"level": lesion.level},
                )
            if lesion.level is not None:
                seen.add(lesion.level)
        return self

    def facts(self) -> dict[str, object]:
        """Case-level facts by case-format name, for conditions (``None`` = not recorded)."""
        return {
            name: getattr(self, name)
            for name in type(self).model_fields
            if name not in ("lesions", "format")
        }


# What each field allows, in words, for error messages.
def _vocab_list(codes: Mapping[str, str] | tuple[str, ...]) -> str:
    return ", ".join(codes)


_ALLOWED: Mapping[str, str] = MappingProxyType(
    {
        "format": CASE_FORMAT,
        "case_id": "a string of at most 200 characters",
        "age": "a whole number of years, 0–125",
        "cancer_history": _vocab_list(vocab.CANCER_HISTORY),
        "primary_site": _vocab_list(tuple(PRIMARY_SITES)),
        "histology": _vocab_list(tuple(HISTOLOGIES)),
        "instability_judgement": _vocab_list(vocab.INSTABILITY_JUDGEMENT),
        "kps": "a whole number 0–100, a multiple of 10",
        "ecog": "a whole number 0–5",
        "extraspinal_bone_metastases": "a whole number 0–1000",
        "vertebral_metastases": "a whole number 1–30 (the levels C0–S5)",
        "visceral_metastases": _vocab_list(vocab.VISCERAL_METASTASES),
        "pathological_fracture": "true or false",
        "frankel": _vocab_list(vocab.FRANKEL),
        "asia": _vocab_list(vocab.ASIA),
        "ambulatory": _vocab_list(vocab.AMBULATORY),
        "albumin_g_per_l": "a number of g/L, 5–100 (35 g/L = 3.5 g/dL)",
        "fit_for_surgery": "true or false",
        "myelopathy": "true or false",
        "months_since_primary_diagnosis": "a number 0–1500",
        "motor_deficit_days": "a whole number 0–36500",
        "symptoms": "a list of: " + _vocab_list(vocab.SYMPTOMS),
        "lesions": "a list of lesion objects, one per level",
        "level": _vocab_list(vocab.VERTEBRAL_LEVELS) + " (the coccyx is not scored by SINS)",
        "compartment": _vocab_list(vocab.COMPARTMENTS),
        "pain": _vocab_list(vocab.LESION_PAIN),
        "bone_lesion": _vocab_list(vocab.BONE_LESION),
        "alignment": _vocab_list(vocab.LESION_ALIGNMENT),
        "collapse": _vocab_list(vocab.COLLAPSE),
        "posterolateral": _vocab_list(vocab.POSTEROLATERAL),
        "bilsky": 'a string: "' + '", "'.join(vocab.BILSKY_GRADES) + '"',
    }
)
_CASE_FIELDS = tuple(Case.model_fields)
_LESION_FIELDS = tuple(Lesion.model_fields)


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(case)"


def _field_error(error: Mapping[str, Any]) -> FieldError:
    loc: tuple[int | str, ...] = tuple(error["loc"])
    value = error.get("input")
    kind = error["type"]
    named = [p for p in loc if isinstance(p, str)]
    name = named[-1] if named else ""
    in_lesion = bool(loc) and loc[0] == "lesions" and len(loc) > 2
    if kind == "extra_forbidden":
        known = _LESION_FIELDS if in_lesion else _CASE_FIELDS
        return FieldError(_path(loc), value, ", ".join(known), "unknown field")
    if kind == "tuple_type":
        return FieldError(_path(loc), value, _ALLOWED.get(name, "a list"), "must be a list")
    if name == "symptoms" and isinstance(loc[-1], int):
        return FieldError(_path(loc), value, _ALLOWED["symptoms"], "unknown symptom code")
    allowed = _ALLOWED.get(name, "see the case format")
    message = str(error["msg"])
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = "must be an object"
    elif kind.endswith("_type") or kind in ("literal_error", "code", "missing"):
        message = "not an allowed value" if kind in ("literal_error", "code") else message
    return FieldError(_path(loc), value, allowed, message[0].lower() + message[1:])


def parse_case(data: object) -> Case:
    """Validate a case given as a mapping (e.g. decoded JSON). Raises CaseValidationError."""
    if not isinstance(data, Mapping):
        raise CaseValidationError(
            [FieldError("(case)", data, "a JSON object of case fields", "must be an object")]
        )
    errors = _duplicate_levels(data.get("lesions"))
    try:
        case = Case.model_validate(dict(data))
    except ValidationError as exc:
        found = [_field_error(e) for e in exc.errors() if e["type"] != "duplicate_level"]
        raise CaseValidationError(found + errors) from None
    if errors:
        raise CaseValidationError(errors)
    return case


def _duplicate_levels(lesions: object) -> list[FieldError]:
    """Levels recorded twice, found on the raw input so they are reported with other errors."""
    if not isinstance(lesions, (list, tuple)):
        return []
    errors, seen = [], set()
    for index, lesion in enumerate(lesions):
        level = lesion.get("level") if isinstance(lesion, Mapping) else None
        if not isinstance(level, str):
            continue
        if level in seen:
            errors.append(
                FieldError(
                    f"lesions[{index}].level",
                    level,
                    "each level at most once",
                    "this level already has a lesion; record one lesion per level",
                )
            )
        seen.add(level)
    return errors


_MAX_JSON_DEPTH = 32
"""Containers nested deeper than this are refused before validation (a case is 3 deep)."""


def parse_case_json(text: str | bytes) -> Case:
    """Validate a case given as JSON text. Raises CaseValidationError.

    JSON that Python cannot or should not decode (not UTF-8, nested deeper than
    ``_MAX_JSON_DEPTH``, a number of more digits than Python converts) is a validation
    error too, not a crash.
    """
    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except DuplicateKey as exc:
        raise CaseValidationError(
            [
                FieldError(
                    exc.key,
                    None,
                    "each field once",
                    "given more than once in one object: which one was meant is not guessed",
                )
            ]
        ) from None
    except json.JSONDecodeError as exc:
        raise _not_json(f"not valid JSON: {exc}") from None
    except UnicodeDecodeError:
        raise _not_json("not valid JSON: not UTF-8 text") from None
    except ValueError:  # int("9" * 5000): more digits than Python converts
        limit = sys.get_int_max_str_digits()
        raise _not_json(f"not valid JSON: a number of more than {limit} digits") from None
    except RecursionError:
        raise _not_json(f"nested more than {_MAX_JSON_DEPTH} levels deep") from None
    if _deeper_than(data, _MAX_JSON_DEPTH):
        raise _not_json(f"nested more than {_MAX_JSON_DEPTH} levels deep")
    return parse_case(data)


class DuplicateKey(ValueError):
    """A JSON object gave one key twice (``key``)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json.loads would keep the last one)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise DuplicateKey(key)
        data[key] = value
    return data


def _not_json(message: str) -> CaseValidationError:
    return CaseValidationError([FieldError("(case)", None, "a JSON object", message)])


def _deeper_than(data: object, limit: int) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` deep (no recursion)."""
    level: list[object] = [data]
    for _ in range(limit):
        level = [
            item
            for node in level
            if isinstance(node, (list, dict))
            for item in (node.values() if isinstance(node, dict) else node)
        ]
        if not level:
            return False
    return any(isinstance(node, (list, dict)) for node in level)


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of a case (what ``spinepath schema`` prints)."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "spinepath case (spinepath-case/1)"
    return schema
