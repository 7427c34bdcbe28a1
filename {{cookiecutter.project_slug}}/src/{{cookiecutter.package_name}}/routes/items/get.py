from fastapi import Request, Response

from {{ cookiecutter.package_name }}.api.deps import PageDep, SessionDep
from {{ cookiecutter.package_name }}.items import service
from {{ cookiecutter.package_name }}.pages.dependencies import PageCaller
from {{ cookiecutter.package_name }}.pages.templating import render

name = "items_page"
include_in_schema = False


async def handler(
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
