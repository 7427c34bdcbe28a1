"""Where the room endpoints are served: `router` joins the versioned API (api/routers.py
lists it); `socket_router` is served outside it, at the root.
"""

from fastapi import APIRouter, status

from ..core.errors import error_responses
from . import endpoints

router = APIRouter(prefix="/rooms", tags=["rooms"])
router.add_api_route(
    "/{room}/messages",
    endpoints.post_message,
    methods=["POST"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(*endpoints.POST_ERRORS),
)

socket_router = APIRouter()
socket_router.add_api_websocket_route("/ws/rooms/{room}", endpoints.room_socket)
socket_router.add_api_route("/ws-demo", endpoints.demo_page, include_in_schema=False)
socket_router.add_api_route("/ws-demo/demo.js", endpoints.demo_script, include_in_schema=False)
