"""Render a page, or one block of it for htmx: a fragment is the same template in part."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy

__all__ = ["is_htmx", "render_block", "render_page"]


def is_htmx(request: HttpRequest) -> bool:
    """True for an htmx request that swaps part of a page (not a boosted navigation)."""
    return (
        request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"
    )


def render_block(
    request: HttpRequest,
    template_name: str,
    block_name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render only `{% block block_name %}` of a Jinja template, with the page's context.

    Import macros inside the block that uses them (a block rendered alone does not run
    the template's top level).
    """
    engine = engines["jinja2"]
    template = engine.env.get_template(template_name)  # type: ignore[attr-defined]
    ctx: dict[str, Any] = dict(context or {})
    ctx.update(
        request=request,
        csrf_input=csrf_input_lazy(request),
        csrf_token=csrf_token_lazy(request),
    )
    for processor in engine.template_context_processors:  # type: ignore[attr-defined]
        ctx.update(processor(request))
    html = "".join(template.blocks[block_name](template.new_context(ctx)))
    return HttpResponse(html, status=status)


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    block: str = "content",
    status: int = 200,
) -> HttpResponse:
    """The whole page; for an htmx request, only `block` (default: the main content)."""
    if is_htmx(request):
        return render_block(request, template_name, block, context, status=status)
    return render(request, template_name, context, status=status)
