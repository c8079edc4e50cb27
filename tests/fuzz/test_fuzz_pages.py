"""Every URL pattern, as every role, with hostile query strings and form bodies: no 5xx.

The URL patterns come from Django's resolver, so a new page is fuzzed without a change
here. Path parameters get real ids from the demo seed (and a huge id); the
parameter and field names are the page's own (read from its HTML) plus the ones the
views read from the query string. Each payload class goes into every name at once.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_from_bytes

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.tally import TALLY

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

ROLES = ["anonymous", "referrer", "coordinator", "clinician", "clinic_admin", "system_admin"]

# Names the views read from the query string (forms add their own, read from the page).
QUERY_NAMES = ["q", "site", "date", "page", "status", "patient", "next", "user", "object_type"]
QUERY_NAMES += ["date_from", "date_to", "o", "p", "e", "_changelist_filters"]

# One value (or several, for an array) per payload class; bytes are sent undecoded.
PAYLOADS: dict[str, list[bytes]] = {
    "nul": [b"a\x00b"],
    "non_utf8": [b"\xff\xfe\xc3("],
    "long": [b"x" * 10_000],
    "huge_int": [b"9" * 5_000],
    "int64_overflow": [str(2**63).encode()],
    "negative": [b"-1"],
    "float": [b"1e309"],
    "nan": [b"NaN"],
    "date_min": [b"0001-01-01"],
    "date_max": [b"9999-12-31"],
    "array": [b"a", b"b", b"c"],
    "unicode": ["ü 😀 \u202e ﷽ \u200b".encode()],
    "empty": [b""],
    "markup": [b"<script>'\"&</script> OR 1=1 --"],
}
# Every request gets these. The rest go to the first role that may use the page, and in
# turn (half each) to the others, to keep the run near 20 s; the API's own fuzzer is
# schemathesis (test_fuzz_api.py), so API routes get these only.
CORE_PAYLOADS = ["nul", "non_utf8", "huge_int"]
OTHER_PAYLOADS = [kind for kind in PAYLOADS if kind not in CORE_PAYLOADS]
FIELD = re.compile(rb'name="([^"]{1,80})"')


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "patients/<int:pk>/edit/"
    namespace: str | None
    callback: Any


def _routes(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                pattern.namespace or namespace,
            )
        elif isinstance(pattern, URLPattern):
            yield Route(prefix + str(pattern.pattern), namespace, pattern.callback)


def _ids() -> dict[str, Any]:
    from spinepath.appointments.models import Appointment
    from spinepath.assessments.models import Assessment
    from spinepath.info.pages import PAGES
    from spinepath.patients.models import Patient
    from spinepath.referrals.models import Referral

    return {
        "patient": Patient.objects.filter(assessments__isnull=False).first().pk,
        "referral": Referral.objects.first().pk,
        "assessment": Assessment.objects.first().pk,
        "appointment": Appointment.objects.filter(status="booked").first().pk,
        "slug": PAGES[0].slug,
    }


_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
_MODEL_OF_NAMESPACE = {"referrals": "referral", "assessments": "assessment", "api": "assessment"}


def _real_value(route: Route, name: str, ids: dict[str, Any]) -> str:
    """A real id for a path parameter: by its name, the segment before it, or the app."""
    model_admin = getattr(route.callback, "model_admin", None)
    if model_admin is not None:
        obj = model_admin.model.objects.first()
        return str(obj.pk) if obj else "1"
    if name == "slug":
        return ids["slug"]
    if name == "key":
        return "sins"
    if name.endswith(("_pk", "_id")) and name.rsplit("_", 1)[0] in ids:
        return str(ids[name.rsplit("_", 1)[0]])
    before = route.route.split(f"<{name}>")[0].split("<")[0]
    if before.endswith("patients/"):
        return str(ids["patient"])
    if route.namespace == "appointments":
        return str(ids["appointment"])
    return str(ids[_MODEL_OF_NAMESPACE.get(route.namespace or "", "patient")])


def _paths(route: Route, ids: dict[str, Any]) -> list[tuple[str, bool]]:
    """The route with real ids, then with a huge id in each parameter (each with whether
    it is the real one)."""
    names = [match.group(2) for match in _PARAMETER.finditer(route.route)]

    def fill(values: dict[str, str]) -> str:
        return "/" + _PARAMETER.sub(lambda m: values[m.group(2)], route.route)

    real = {name: _real_value(route, name, ids) for name in names}
    paths = [(fill(real), True)]
    for name in names:
        paths.append((fill({**real, name: "9" * 40}), False))
    return paths


def _encode(names: list[bytes], values: list[bytes]) -> bytes:
    return b"&".join(
        quote_from_bytes(name).encode() + b"=" + quote_from_bytes(value).encode()
        for name in names
        for value in values
    )


class Fuzzer:
    """Sends the requests, counts them, and keeps the traceback of any server error."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.errors: list[str] = []
        self._last_exception = ""
        self.user: Any = None
        got_request_exception.connect(self._note)

    def _note(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        self._last_exception = traceback.format_exc(limit=-3)

    def sign_in_as(self, user: Any) -> None:
        self.user = user
        self.client.logout()
        if user is not None:
            self.client.force_login(user)

    def close(self) -> None:
        got_request_exception.disconnect(self._note)

    def send(self, method: str, path: str, what: str, **options: Any) -> Any:
        self._last_exception = ""
        response = getattr(self.client, method)(path, **options)
        label = f"{method.upper()} {path[:120]} [{what}]"
        TALLY.add(response.status_code, label)
        if self.user is not None and not response.wsgi_request.user.is_authenticated:
            self.sign_in_as(self.user)  # the request logged out: sign in again
        if response.status_code >= 500:
            self.errors.append(f"{response.status_code} {label}\n{self._last_exception[-1500:]}")

        return response


def _classes(route: Route, role: str, turned_away: bool) -> list[str]:
    if turned_away or route.route.startswith("api/"):
        return CORE_PAYLOADS
    allowed = getattr(route.callback, "allowed_roles", None) or ROLES[1:]
    permitted = [r for r in ROLES if r in allowed]
    if role not in permitted or role == permitted[0]:
        return CORE_PAYLOADS + OTHER_PAYLOADS
    turn = permitted.index(role) % 2
    return CORE_PAYLOADS + OTHER_PAYLOADS[turn::2]


def _fuzz_path(fuzzer: Fuzzer, route: Route, path: str, real: bool, role: str) -> None:
    base = fuzzer.send("get", path, role)
    if not real:
        fuzzer.send("post", path, f"{role} no such id", data={})
        return
    names = [name.encode() for name in QUERY_NAMES]
    content = getattr(base, "content", b"") if base.status_code == 200 else b""
    names += [name for name in dict.fromkeys(FIELD.findall(content)) if name not in names]
    denied = base.status_code in (302, 403, 404, 405)
    classes = _classes(route, role, denied)
    for kind in classes:
        query = _encode(names, PAYLOADS[kind]).decode("ascii")
        fuzzer.send("get", f"{path}?{query}", f"{role} {kind}")
        form = _encode(names, PAYLOADS[kind])
        options = {"content_type": "application/x-www-form-urlencoded"}
        if kind == "markup":
            options["headers"] = {"HX-Request": "true"}
        fuzzer.send("post", path, f"{role} {kind} form", data=form, **options)
    if not denied:
        raw = b"\xff\xfe=\x00&" + b"&".join(names)
        fuzzer.send("post", path, f"{role} raw bytes", data=raw, content_type="text/plain")
        multipart = {name.decode(): "1" for name in names[:40]}
        fuzzer.send("post", path, f"{role} multipart", data=multipart)


def test_no_page_answers_5xx_to_hostile_input_as_any_role() -> None:
    demo = _seed()
    ids = _ids()
    fuzzer = Fuzzer(Client(raise_request_exception=False))
    try:
        for role in ROLES:
            _fuzz_as(fuzzer, role, demo.users.get(role), ids)
    finally:
        fuzzer.close()
    assert not fuzzer.errors, "\n\n".join(fuzzer.errors[:10])


def _fuzz_as(fuzzer: Fuzzer, role: str, user: Any, ids: dict[str, Any]) -> None:
    fuzzer.sign_in_as(user)
    for route in _routes(get_resolver().url_patterns):
        # The admin is Django's own, for staff (system admins) only: its GET filters.
        is_admin = route.route.startswith("admin/")
        if is_admin and role not in ("system_admin", "anonymous"):
            continue
        for path, real in _paths(route, ids):
            if is_admin:
                _fuzz_admin(fuzzer, path, real, role)
            else:
                _fuzz_path(fuzzer, route, path, real, role)


def _fuzz_admin(fuzzer: Fuzzer, path: str, real: bool, role: str) -> None:
    names = [name.encode() for name in QUERY_NAMES]
    if not real or role != "system_admin":
        fuzzer.send("get", path, role)
        return
    for kind in ("nul", "non_utf8", "huge_int", "date_max"):
        query = _encode(names, PAYLOADS[kind]).decode("ascii")
        fuzzer.send("get", f"{path}?{query}", f"{role} {kind}")


def _seed() -> Any:
    from spinepath.web.demo import seed_demo

    return seed_demo()
