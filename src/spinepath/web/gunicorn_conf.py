"""gunicorn settings for spinepath: `gunicorn -c python:spinepath.web.gunicorn_conf
spinepath.web.wsgi`. Read from the environment like the Django settings (docs/deployment.md).
"""

from __future__ import annotations

import os

from spinepath.web.env import env_int, env_str

__all__ = [
    "accesslog",
    "bind",
    "control_socket_disable",
    "graceful_timeout",
    "timeout",
    "workers",
]

# The address to listen on; behind a reverse proxy that terminates HTTPS.
bind = env_str("SPINEPATH_BIND", "127.0.0.1:8000")
# Sync workers, one request each: gunicorn's advice of two per core plus one.
workers = env_int("SPINEPATH_WORKERS", 2 * (os.cpu_count() or 1) + 1, minimum=1)
# A request slower than this is killed (the worker restarts), then logged.
timeout = env_int("SPINEPATH_REQUEST_TIMEOUT", 30, minimum=1)
graceful_timeout = 10
accesslog = "-"  # to the console, with the app's own log
# No runtime control socket (gunicornc): its default path is shared by every gunicorn of
# the same user, and nothing here uses it.
control_socket_disable = True
