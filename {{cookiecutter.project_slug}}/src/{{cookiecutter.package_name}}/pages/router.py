"""Where the pages are served: HTML for people, not part of the API's contract, so left out
of the OpenAPI document.
"""

from fastapi import APIRouter

from ..guards import PAGE_GUARDS
from . import endpoints

router = APIRouter(include_in_schema=False, dependencies=PAGE_GUARDS)
router.add_api_route("/", endpoints.home, name="home")
router.add_api_route("/items", endpoints.items_page, name="items_page")
router.add_api_route(
    "/items", endpoints.create_item_page, methods=["POST"], name="create_item_page"
)
router.add_api_route("/items/new", endpoints.new_item_page, name="new_item_page")
one_item = "/items/{item_id:int}"
router.add_api_route(f"{one_item}/edit", endpoints.edit_item_page, name="edit_item_page")
router.add_api_route(
    one_item, endpoints.update_item_page, methods=["POST"], name="update_item_page"
)
router.add_api_route(
    f"{one_item}/delete", endpoints.delete_item_page, methods=["POST"], name="delete_item_page"
)
