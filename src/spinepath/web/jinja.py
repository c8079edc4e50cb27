"""The Jinja2 engine for app pages: NHS.UK frontend macros, Django helpers, navigation."""

from __future__ import annotations

from typing import Any

import jinja2
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.backends.jinja2 import Jinja2
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import localtime

from spinepath.web.navigation import nav_items

__all__ = ["JinjaBackend", "environment", "navigation"]


class JinjaBackend(Jinja2):
    """Jinja2 for templates named `*.jinja`, found in `<app>/templates/`.

    Names not ending in `.jinja` are left to the next engine, so the Django admin keeps
    rendering its own `.html` templates with Django's engine.
    """

    app_dirname = "templates"

    def get_template(self, template_name: str) -> Any:
        if not template_name.endswith(".jinja"):
            raise TemplateDoesNotExist(template_name, backend=self)
        return super().get_template(template_name)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """`{{ url("patients:edit", patient.pk) }}`: Django's reverse()."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
    options["loader"] = jinja2.ChoiceLoader(
        [options["loader"], jinja2.PackageLoader("nhsuk_frontend_jinja")]
    )
    # nhsuk-frontend-jinja reads chained optional parameters (params.a.b): it needs this.
    options["undefined"] = jinja2.ChainableUndefined
    env = jinja2.Environment(**options)
    env.globals.update(static=static, url=url, get_messages=get_messages, localtime=localtime)
    return env


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: the header navigation for the signed-in user's role."""
    return {"nav_items": nav_items(request)}
