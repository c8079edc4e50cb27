"""The fuzz suite: schemathesis over the OpenAPI document (test_fuzz_api.py) and a
form/query fuzzer over every URL pattern as every role (test_fuzz_pages.py).

Both run in `make test` (SQLite and PostgreSQL) and fail on any 5xx; the run ends with
"fuzz: N requests, M 5xx".
"""

from __future__ import annotations

import pytest

from tests.fuzz.tally import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.requests:
        terminalreporter.write_line(TALLY.line())
