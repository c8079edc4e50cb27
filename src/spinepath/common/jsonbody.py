"""Read an API request's JSON body within limits, so no body can make the server fail.

`read_json_body(request)` answers with ninja's HttpError (JSON `{"detail": ...}`) for a
body that cannot be read at all: 415 for a media type other than JSON, 413 for one over
DATA_UPLOAD_MAX_MEMORY_SIZE, 400 for bytes that are not UTF-8, nesting deeper than
MAX_DEPTH, an integer longer than MAX_DIGITS, a number too large for a float, or the
non-JSON constants NaN and Infinity. Text that is not JSON at all raises
json.JSONDecodeError, for the caller to report in its own error shape.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja.errors import HttpError

from spinepath.clinical.case import DuplicateKey, unique_keys

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "read_json_body"]

MAX_DEPTH = 32
MAX_DIGITS = 30
_TOO_DEEP = f"The body nests arrays or objects more than {MAX_DEPTH} deep."


class _Unreadable(Exception):
    """A number or constant that the body may not contain (raised inside json.loads)."""


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Unreadable(f"a number has more than {MAX_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unreadable(f"the number {text[:40]} is too large")
    return value


def _constant(name: str) -> float:
    raise _Unreadable(f"{name} is not a JSON value")


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest (iterative: no recursion on hostile input)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((child, depth + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
    return deepest


def read_json_body(request: HttpRequest) -> Any:
    """The request's body as JSON, or HttpError 400/413/415 with a clear message."""
    media_type = request.content_type or ""
    if media_type and not _is_json(media_type):
        raise HttpError(415, f"Send the body as application/json, not {media_type[:100]}.")
    try:
        raw = request.body
    except RequestDataTooBig:
        raise HttpError(413, "The body is too large.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise HttpError(400, f"The body is not UTF-8 text (bad byte at {error.start}).") from None
    try:
        data = json.loads(
            text,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=unique_keys,
        )
    except _Unreadable as error:
        raise HttpError(400, f"The body cannot be read: {error}.") from None
    except DuplicateKey as error:
        detail = f"the key {error.key[:80]!r} is given more than once in one object"
        raise HttpError(400, f"The body cannot be read: {detail}.") from None
    except RecursionError:
        raise HttpError(400, _TOO_DEEP) from None
    if _depth(data) > MAX_DEPTH:
        raise HttpError(400, _TOO_DEEP)
    return data
