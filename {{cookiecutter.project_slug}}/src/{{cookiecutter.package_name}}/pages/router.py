"""The pages: a landing page and the caller's items, and where they plug into the app."""

from fastapi import APIRouter, FastAPI, Request, Response

from ..api.deps import PageDep, SessionDep
from ..items import service
from .dependencies import PageItems
{%- if "pages_sign_in" in features %}
from .sign_in import SignInRequired, redirect_to_sign_in
from .sign_in import router as sign_in_router
{%- endif %}
from .templating import render, static_files

# HTML for people, not part of the API's contract: left out of the OpenAPI document.
router = APIRouter(include_in_schema=False)


@router.get("/", name="home")
async def home(request: Request) -> Response:
    """The landing page."""
    return render(request, "index.html")


@router.get("/items", name="items_page")
async def items_page(
    request: Request, session: SessionDep, visible: PageItems, page: PageDep
) -> Response:
    """The caller's items, a page at a time, read by the same service the API uses."""
    rows, total = await service.list_items(session, visible, page)
    newer = max(page.offset - page.limit, 0) if page.offset else None
    older = page.offset + page.limit if page.offset + page.limit < total else None
    return render(
        request,
        "items.html",
        {"items": rows, "total": total, "page": page, "newer": newer, "older": older},
    )


def mount_pages(app: FastAPI) -> None:
    """Add the pages and `/static`. Called after the API's routers are included: routes match
    in order, so nothing mounted here can shadow an API route.
    """
    app.include_router(router)
{%- if "pages_sign_in" in features %}
    app.include_router(sign_in_router)
    app.add_exception_handler(SignInRequired, redirect_to_sign_in)
{%- endif %}
    app.mount("/static", static_files, name="static")
