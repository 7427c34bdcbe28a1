"""Where the pages are served: HTML for people, not part of the API's contract, so left out
of the OpenAPI document.
"""

from fastapi import APIRouter

from . import endpoints

router = APIRouter(include_in_schema=False)
router.add_api_route("/", endpoints.home, name="home")
router.add_api_route("/items", endpoints.items_page, name="items_page")
