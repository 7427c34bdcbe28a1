"""The pages: a landing page, and the caller's items to list, add, change and delete.

The item pages call the same service the API does, with the same rules: a form is checked
against the API's schemas after its CSRF token, and shows what was wrong beside each field.
"""

from typing import Annotated

from fastapi import Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from ..api.deps import PageDep, SessionDep
from ..items import service
from ..items.dependencies import ItemId
from ..items.models import Item
from ..items.schemas import ItemCreate, ItemUpdate
from .csrf import CsrfForm, CsrfFormDep, check_token, form_page
from .dependencies import PageCaller, PageWriter
from .templating import paged, render


class ItemForm(CsrfForm):
    """The item form as typed; the API's schemas check it once its token has."""

    title: str = ""
    description: str = ""


ItemFormDep = Annotated[ItemForm, Form()]


async def home(request: Request) -> Response:
    """The landing page."""
    return render(request, "index.html")


async def items_page(
    request: Request, session: SessionDep, caller: PageCaller, page: PageDep
) -> Response:
    """The caller's items, a page at a time, read by the same service the API uses."""
    rows, total = await service.list_items(session, caller, page)
    return render(request, "items.html", {"items": rows, **paged(page, total)})


def item_form(
    request: Request,
    item: Item | None,
    typed: ItemForm | None = None,
    refusal: ValidationError | None = None,
) -> Response:
    """The form for a new item (`item` None) or to change one: what was typed, if anything,
    and beside each field what the schema refused in it (422).
    """
    if typed is not None:
        values = {"title": typed.title, "description": typed.description}
    elif item is not None:
        values = {"title": item.title, "description": item.description or ""}
    else:
        values = {"title": "", "description": ""}
    errors = {str(error["loc"][0]): error["msg"] for error in refusal.errors()} if refusal else {}
    context = {"item": item, "values": values, "errors": errors}
    return form_page(request, "item_form.html", context, 422 if refusal else 200)


def back_to_items(request: Request) -> Response:
    return RedirectResponse(request.url_for("items_page").path, status_code=303)


async def new_item_page(request: Request, caller: PageWriter) -> Response:
    """A form for a new item."""
    return item_form(request, None)


async def create_item_page(
    request: Request, session: SessionDep, caller: PageWriter, form: ItemFormDep
) -> Response:
    """Add the item the form describes, then back to the list."""
    check_token(request, form.csrf_token)
    try:
        data = ItemCreate(title=form.title, description=form.description or None)
    except ValidationError as refusal:
        return item_form(request, None, form, refusal)
    await service.add_item(session, caller, data)
    return back_to_items(request)


async def edit_item_page(
    request: Request, session: SessionDep, caller: PageWriter, item_id: ItemId
) -> Response:
    """A form to change an item, and to delete it."""
    return item_form(request, await service.get_item(session, caller, item_id))


async def update_item_page(
    request: Request, session: SessionDep, caller: PageWriter, item_id: ItemId, form: ItemFormDep
) -> Response:
    """Change the item as the form says (an empty description clears it), then back to the
    list.
    """
    check_token(request, form.csrf_token)
    item = await service.get_item(session, caller, item_id)
    try:
        data = ItemUpdate(title=form.title, description=form.description or None)
    except ValidationError as refusal:
        return item_form(request, item, form, refusal)
    await service.update_item(session, item, data)
    return back_to_items(request)


async def delete_item_page(
    request: Request, session: SessionDep, caller: PageWriter, item_id: ItemId, form: CsrfFormDep
) -> Response:
    """Delete the item, then back to the list."""
    check_token(request, form.csrf_token)
    await service.delete_item(session, await service.get_item(session, caller, item_id))
    return back_to_items(request)
