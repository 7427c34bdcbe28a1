"""Where the rooms page and its socket are served."""

from fastapi import APIRouter

from ..guards import PAGE_GUARDS
from . import rooms

router = APIRouter(include_in_schema=False)
router.add_api_route("/rooms", rooms.rooms_page, name="rooms_page", dependencies=PAGE_GUARDS)
router.add_api_websocket_route("/rooms/{room}/socket", rooms.room_page_socket)
