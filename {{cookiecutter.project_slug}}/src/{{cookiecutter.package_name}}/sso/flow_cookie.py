"""The cookie that keeps a sign-in's flow between its start and the provider's callback,
and the start itself, for the API's and the pages' routes alike.
"""

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from . import service
from .service import FLOW_MINUTES, Flow

FLOW_COOKIE = "sso_flow"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def keep_flow(response: Response, flow: Flow, request: Request) -> Response:
    """Set the flow's cookie: sent back on the provider's redirect (a top-level GET, which
    SameSite=Lax allows), never readable by scripts.
    """
    response.set_cookie(
        FLOW_COOKIE,
        flow.seal(),
        max_age=FLOW_MINUTES * 60,
        httponly=True,
        secure=_secure(request),
        samesite="lax",
        path="/",
    )
    return response


def forget_flow(response: Response, request: Request) -> None:
    """Drop the flow's cookie: the sign-in it started is over."""
    response.delete_cookie(
        FLOW_COOKIE, httponly=True, secure=_secure(request), samesite="lax", path="/"
    )


async def go_to_provider(request: Request, callback: str) -> Response:
    """Send the browser to sign in at the provider (303), keeping the flow in its cookie;
    the provider sends it back to the route named `callback`. 503 when the provider cannot
    be reached.
    """
    location, flow = await service.start(str(request.url_for(callback)))
    return keep_flow(RedirectResponse(location, status_code=303), flow, request)
