"""The interactive API docs, Swagger UI at `/docs` and ReDoc at `/redoc`, with every script
and style sheet served by the service itself, so they work without internet access.

fastapi-offline packages the assets FastAPI otherwise loads from a CDN. They are served
under a path naming its version, so a browser keeps them for a year and an upgrade changes
the path. Each page allows scripts from the service alone, plus its own inline script by a
nonce drawn for that response.
"""

import secrets
from importlib.metadata import version

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

ASSETS_PATH = f"/docs/assets/{version('fastapi-offline')}"
IMMUTABLE = "public, max-age=31536000, immutable"


class DocsAssets(StaticFiles):
    """fastapi-offline's files; each version has a path of its own, so none ever changes."""

    def __init__(self) -> None:
        super().__init__(packages=[("fastapi_offline", "static")])

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'self' 'nonce-{nonce}'",
            # ReDoc styles its elements with <style> blocks it writes at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            # "Try it out" and the Authorize dialog call this service; ReDoc searches in a worker.
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


def with_policy(page: HTMLResponse) -> HTMLResponse:
    """The page with its inline scripts allowed by a fresh nonce, and nothing else inline."""
    nonce = secrets.token_urlsafe(16)
    html = bytes(page.body).decode().replace("<script>", f'<script nonce="{nonce}">')
    return HTMLResponse(html, headers={"Content-Security-Policy": content_security_policy(nonce)})


def add_docs(app: FastAPI) -> None:
    """Serve the docs of the app's OpenAPI schema (none where it serves no schema, as
    FastAPI does); call with FastAPI's own docs turned off.
    """
    openapi_url = app.openapi_url
    if openapi_url is None:
        return
    app.mount(ASSETS_PATH, DocsAssets(), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return with_policy(
            get_swagger_ui_html(
                openapi_url=f"{root}{openapi_url}",
                title=f"{app.title} - Swagger UI",
                swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
                swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
                swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            )
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return with_policy(
            get_redoc_html(
                openapi_url=f"{root}{openapi_url}",
                title=f"{app.title} - ReDoc",
                redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
                redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
                with_google_fonts=False,
            )
        )
