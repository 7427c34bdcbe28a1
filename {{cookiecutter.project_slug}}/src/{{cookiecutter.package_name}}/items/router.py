"""Where the item endpoints are served."""

from fastapi import APIRouter, status

from ..core.errors import NotFound, error_responses
from ..identity import CALLER_ERRORS
from . import endpoints

router = APIRouter(prefix="/items", tags=["items"], responses=error_responses(*CALLER_ERRORS))
router.add_api_route("/", endpoints.list_items, methods=["GET"])
router.add_api_route(
    "/", endpoints.create_item, methods=["POST"], status_code=status.HTTP_201_CREATED
)
one_item = "/{item_id:int}"
not_found = error_responses(NotFound)
router.add_api_route(one_item, endpoints.read_item, methods=["GET"], responses=not_found)
router.add_api_route(one_item, endpoints.update_item, methods=["PATCH"], responses=not_found)
router.add_api_route(
    one_item,
    endpoints.delete_item,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=not_found,
)
