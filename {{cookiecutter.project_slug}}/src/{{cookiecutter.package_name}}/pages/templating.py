"""The Jinja2 environment of the pages, and how a page is answered.

Templates escape everything they are given (autoescape is on for .html), so user content
such as an item's title can never become markup. `url_for('static', path=...)` links an
asset by its fingerprinted name; every URL is root-relative, so it stays right behind a proxy
or a CDN that serves the same host.
"""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.responses import Response

from ..core.config import core_settings
from ..db.pagination import PageParams
from .static import FingerprintedStaticFiles

HERE = Path(__file__).parent
static_files = FingerprintedStaticFiles(HERE / "static")
templates = Jinja2Templates(directory=HERE / "templates")
# Only this site's own scripts, styles, images, forms and connections (a page's socket); no
# frames, plugins or inline code.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@pass_context
def url_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    request: Request = context["request"]
    if name == "static":
        path_params["path"] = static_files.url_path(path_params["path"])
    return request.url_for(name, **path_params).path


templates.env.globals["url_for"] = url_for
templates.env.globals["project_name"] = core_settings.PROJECT_NAME


def paged(page: PageParams, total: int) -> dict[str, Any]:
    """What templates/_pager.html links to: the offsets of the newer and older pages, where
    there are any.
    """
    older = page.offset + page.limit if page.offset + page.limit < total else None
    newer = max(page.offset - page.limit, 0) if page.offset else None
    return {"page": page, "total": total, "newer": newer, "older": older}


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """The page as HTML, under the pages' Content-Security-Policy."""
    return templates.TemplateResponse(
        request,
        template,
        context or {},
        status_code=status_code,
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY},
    )
