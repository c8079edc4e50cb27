"""The fuzz suite's running count, printed at the end of the run by tests/fuzz/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["TALLY", "Tally"]


@dataclass
class Tally:
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)

    def add(self, status: int, what: str) -> None:
        self.requests += 1
        if status >= 500:
            self.server_errors.append(f"{status} {what}")

    def line(self) -> str:
        return f"fuzz: {self.requests} requests, {len(self.server_errors)} 5xx"


TALLY = Tally()
