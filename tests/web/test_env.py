import os
import subprocess
import sys

import pytest

from spinepath.web.env import EnvError, env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("TRUE", True), ("1", True), ("yes", True), ("on", True),
     ("false", False), ("0", False), ("no", False), ("off", False), ("", False)],
)  # fmt: skip
def test_it_reads_booleans(raw: str, expected: bool) -> None:
    assert env_bool("X", not expected, environ={"X": raw}) is expected


def test_it_rejects_a_boolean_it_does_not_understand() -> None:
    with pytest.raises(EnvError) as caught:
        env_bool("SPINEPATH_DEBUG", False, environ={"SPINEPATH_DEBUG": "maybe"})
    assert caught.value.name == "SPINEPATH_DEBUG"
    assert caught.value.value == "maybe"
    assert "SPINEPATH_DEBUG" in str(caught.value)
    assert "'maybe'" in str(caught.value)


def test_it_uses_the_default_when_unset() -> None:
    assert env_bool("X", True, environ={}) is True
    assert env_int("X", 5, environ={}) == 5
    assert env_list("X", ["a"], environ={}) == ["a"]
    assert env_str("X", "d", environ={}) == "d"


def test_it_fails_when_a_required_variable_is_missing() -> None:
    with pytest.raises(EnvError, match=r"SPINEPATH_SECRET_KEY: .*not set"):
        env_str("SPINEPATH_SECRET_KEY", environ={})


@pytest.mark.parametrize("raw", ["ten", "1.5", "0"])
def test_it_rejects_bad_whole_numbers(raw: str) -> None:
    with pytest.raises(EnvError, match="whole number >= 1"):
        env_int(
            "SPINEPATH_LOCKOUT_FAILURES", 5, minimum=1, environ={"SPINEPATH_LOCKOUT_FAILURES": raw}
        )


def test_it_splits_lists_on_commas() -> None:
    hosts = env_list("H", [], environ={"H": "spinepath.example, localhost"})
    assert hosts == ["spinepath.example", "localhost"]


@pytest.mark.parametrize("raw", ["", "a,,b", "a,"])
def test_it_rejects_lists_with_empty_items(raw: str) -> None:
    with pytest.raises(EnvError, match="no empty items"):
        env_list("SPINEPATH_ALLOWED_HOSTS", [], environ={"SPINEPATH_ALLOWED_HOSTS": raw})


def _load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SPINEPATH_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import spinepath.web.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_fails_fast_on_a_bad_setting_at_startup() -> None:
    result = _load_settings(SPINEPATH_DEBUG="sometimes")
    assert result.returncode != 0
    assert "SPINEPATH_DEBUG: expected one of true, false" in result.stderr


def test_it_needs_a_secret_key_when_debug_is_off() -> None:
    result = _load_settings(SPINEPATH_DEBUG="false")
    assert "SPINEPATH_SECRET_KEY: expected a value" in result.stderr


def test_it_rejects_a_database_url_it_cannot_parse() -> None:
    result = _load_settings(SPINEPATH_DEBUG="true", DATABASE_URL="nosuchdb://x")
    assert "DATABASE_URL: expected a URL" in result.stderr


def test_it_starts_with_debug_and_no_other_settings() -> None:
    result = _load_settings(SPINEPATH_DEBUG="true", SPINEPATH_VAR_DIR="/tmp/spinepath-var-test")
    assert result.returncode == 0, result.stderr
