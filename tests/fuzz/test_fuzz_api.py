"""Schemathesis over the whole OpenAPI document: every operation, signed in as a clinician
and as nobody, with generated (valid and invalid) parameters and bodies. No answer may be
a 5xx; each must be a status the document lists, in JSON of the documented shape.

Requests go through Django's WSGI application in-process, so they see the test database.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
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
EXAMPLES = 15  # per operation, signed in (5 for strangers): about 15 s of CPU in all


@pytest.fixture
def signed_in(client: Any, clinician: Any, patient: Any) -> dict[str, str]:
    """Headers for a clinician's session, with the CSRF token a browser would send."""
    from spinepath.assessments.services import save_assessment
    from spinepath.clinical.case import parse_case

    save_assessment(patient, by=clinician, case=parse_case({"kps": 60}))
    client.force_login(clinician)
    client.get("/")
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}


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
def test_the_api_answers_strangers_as_documented(case: schemathesis.Case) -> None:
    _call(case, {})
