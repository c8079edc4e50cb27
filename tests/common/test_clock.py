"""The one clock: the app reads "now" and "today" from spinepath.common.clock only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from spinepath.common import clock

SRC = Path(clock.__file__).resolve().parents[1]
# Calls that read the system clock. Model field defaults (`default=timezone.now`, passed
# uncalled) are fine: time-machine moves them with everything else.
READS_THE_CLOCK = re.compile(
    r"timezone\.now\(\)|timezone\.localdate\(\)|datetime\.now\(|date\.today\(|\btime\.time\("
)


def test_it_tells_the_time_tests_set(frozen_clock) -> None:
    at = dt.datetime(2026, 6, 15, 23, 30, tzinfo=dt.UTC)
    frozen_clock(at)
    assert clock.now() == at
    assert clock.today() == dt.date(2026, 6, 16)  # 00:30 in London (BST)


def test_it_is_the_only_place_the_app_reads_the_clock() -> None:
    readers = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path != Path(clock.__file__).resolve()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if READS_THE_CLOCK.search(line)
    ]
    assert readers == []
