"""The API's contract, snapshotted: any change to a route or schema shows in review.

After an intended change, rewrite the snapshot and commit it with the change:

    SPINEPATH_UPDATE_OPENAPI=1 .venv/bin/pytest tests/assessments/test_openapi_snapshot.py
"""

import json
import os
from pathlib import Path

from spinepath.web.api import api

SNAPSHOT = Path(__file__).resolve().parents[1] / "openapi.json"


def _current() -> str:
    return json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_schema_matches_the_snapshot() -> None:
    current = _current()
    if os.environ.get("SPINEPATH_UPDATE_OPENAPI") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
    assert SNAPSHOT.exists(), f"no snapshot: run with SPINEPATH_UPDATE_OPENAPI=1 ({__doc__})"
    assert current == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API contract changed. If intended, update tests/openapi.json: "
        "SPINEPATH_UPDATE_OPENAPI=1 .venv/bin/pytest tests/assessments/test_openapi_snapshot.py"
    )


def test_the_snapshot_documents_the_assessment_routes() -> None:
    paths = json.loads(SNAPSHOT.read_text(encoding="utf-8"))["paths"]
    assert {"/api/assess", "/api/triage", "/api/scores", "/api/scores/{key}"} <= set(paths)
    body = paths["/api/assess"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "$ref" not in json.dumps(body["properties"]["lesions"])  # stands alone
    assert "422" in paths["/api/assess"]["post"]["responses"]
