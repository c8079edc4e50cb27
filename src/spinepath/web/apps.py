from django.apps import AppConfig
from django.db.backends.signals import connection_created


class WebConfig(AppConfig):
    name = "spinepath.web"
    label = "web"
    verbose_name = "spinepath web"

    def ready(self) -> None:
        from spinepath.web.db import set_sqlite_pragmas

        connection_created.connect(set_sqlite_pragmas, dispatch_uid="spinepath-sqlite-pragmas")
