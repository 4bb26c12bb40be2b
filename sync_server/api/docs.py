"""The API docs at ``/api/v1/docs``: Swagger UI served from this server, under its own CSP.

Swagger UI's files come from the ``fastapi-offline`` package (it ships a current
``swagger-ui-dist``), mounted at ``/api/v1/docs/assets``; nothing loads from a CDN. The page
and its start script are served here too, so the page's Content-Security-Policy
(:data:`DOCS_CSP`) allows scripts and styles from this server only, with no inline script.
Every other answer keeps the no-script policy (:mod:`sync_server.edge.security_headers`).

``Settings.api_docs = False`` switches the page and ``/api/v1/openapi.json`` off (404).
"""

from __future__ import annotations

from html import escape
from importlib.resources import files
from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from fieldapp.wire import API_PREFIX

OPENAPI_PATH: Final = f"{API_PREFIX}/openapi.json"
DOCS_PATH: Final = f"{API_PREFIX}/docs"
ASSETS_PATH: Final = f"{DOCS_PATH}/assets"
INIT_PATH: Final = f"{DOCS_PATH}/init.js"

DOCS_CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""Scripts, styles and the schema from this server only; ``data:`` images are Swagger UI's
icons in its stylesheet. ``connect-src 'self'`` lets "Try it out" call this API."""

_PAGE: Final = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} - API docs</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{INIT_PATH}"></script>
</body>
</html>
"""

_INIT: Final = f"""window.addEventListener("load", function () {{
  window.ui = SwaggerUIBundle({{
    url: "{OPENAPI_PATH}",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  }});
}});
"""


def assets_directory() -> Path:
    """Swagger UI's files as the package ships them."""
    return Path(str(files("fastapi_offline") / "static"))


def install(app: FastAPI, *, enabled: bool) -> None:
    """The docs page, its start script and Swagger UI's files; nothing when not ``enabled``.
    Plain Starlette routes: they are not API operations and stay out of the schema."""
    if not enabled:
        return
    page = _PAGE.format(title=escape(app.title)).encode()

    async def docs_page(_request: Request) -> Response:
        headers = {"Content-Security-Policy": DOCS_CSP, "Cache-Control": "no-store"}
        return HTMLResponse(page, headers=headers)

    async def init_script(_request: Request) -> Response:
        return Response(_INIT, media_type="text/javascript")

    app.add_route(DOCS_PATH, docs_page, methods=["GET"], include_in_schema=False)
    app.add_route(INIT_PATH, init_script, methods=["GET"], include_in_schema=False)
    app.mount(ASSETS_PATH, StaticFiles(directory=assets_directory()), name="api-docs-assets")
