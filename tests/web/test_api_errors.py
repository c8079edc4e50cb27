"""Domain errors to HTTP in the API's exception handlers (spinepath/web/api.py)."""

import json

from django.test import RequestFactory

from spinepath.common.versioning import StaleVersion
from spinepath.web.api import api


def test_it_answers_a_stale_write_with_409_and_both_versions() -> None:
    request = RequestFactory().post("/api/anything")
    response = api.on_exception(request, StaleVersion("patient", 7, 3, 4))
    assert response.status_code == 409
    assert json.loads(response.content) == {
        "detail": "patient 7 was changed by someone else: you edited version 3, "
        "the stored version is 4",
        "record": "patient",
        "id": 7,
        "based_on": 3,
        "current": 4,
    }
