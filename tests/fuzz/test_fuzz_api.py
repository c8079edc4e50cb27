"""Schemathesis over the whole OpenAPI document: every operation, signed in as a clinician
and as nobody, with generated (valid and invalid) parameters and bodies. No answer may be
a 5xx; each must be a status the document lists, in JSON of the documented shape.

Requests go through Django's WSGI application in-process, so they see the test database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from spinepath.web.api import api
from tests.fuzz.tally import TALLY

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = WSGIHandler()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
pytestmark = pytest.mark.fuzz
EXAMPLES = 15  # per operation, signed in (5 for strangers): about 15 s of CPU in all


@contextmanager
def _connection_kept() -> Iterator[None]:
    """As Django's test client does: a request must not close the database connection
    that holds the test's transaction (on PostgreSQL, the next query would fail)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def stranger() -> Iterator[dict[str, str]]:
    """No session, no CSRF token."""
    with _connection_kept():
        yield {}


@pytest.fixture
def signed_in(client: Any, clinician: Any, patient: Any) -> Iterator[dict[str, str]]:
    """Headers for a clinician's session, with the CSRF token a browser would send."""
    from spinepath.assessments.services import save_assessment
    from spinepath.clinical.case import parse_case

    save_assessment(patient, by=clinician, case=parse_case({"kps": 60}))
    client.force_login(clinician)
    client.get("/")
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    # After the test client's requests: each one connects close_old_connections again.
    with _connection_kept():
        yield {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}


def _call(case: schemathesis.Case, headers: dict[str, str]) -> None:
    response = case.call(headers=headers)
    TALLY.add(response.status_code, f"{case.method} {case.formatted_path}")
    case.validate_response(response, checks=CHECKS, headers=headers)


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # the same examples on every run and machine
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_every_request_as_documented(
    case: schemathesis.Case, signed_in: dict[str, str]
) -> None:
    _call(case, signed_in)


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_strangers_as_documented(
    case: schemathesis.Case, stranger: dict[str, str]
) -> None:
    _call(case, stranger)
