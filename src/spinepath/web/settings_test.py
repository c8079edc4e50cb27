"""Settings for the test suite: the real settings with a fixed key and a fast hasher.

DATABASE_URL still chooses the database, so the same suite runs on SQLite (unset) and
PostgreSQL (`DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`).
"""

import os

os.environ.setdefault("SPINEPATH_SECRET_KEY", "insecure-test-key")
os.environ.setdefault("SPINEPATH_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from spinepath.web.settings import *  # noqa: F403  (the test settings are the real ones plus these)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
