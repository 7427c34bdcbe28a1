"""The pages: a landing page and the caller's items."""

from fastapi import Request, Response

from ..api.deps import PageDep, SessionDep
from ..items import service
from .dependencies import PageCaller
from .templating import render


async def home(request: Request) -> Response:
    """The landing page."""
    return render(request, "index.html")


async def items_page(
    request: Request, session: SessionDep, caller: PageCaller, page: PageDep
) -> Response:
    """The caller's items, a page at a time, read by the same service the API uses."""
    rows, total = await service.list_items(session, caller, page)
    newer = max(page.offset - page.limit, 0) if page.offset else None
    older = page.offset + page.limit if page.offset + page.limit < total else None
    return render(
        request,
        "items.html",
        {"items": rows, "total": total, "page": page, "newer": newer, "older": older},
    )
