"""The cookie that keeps a sign-in's flow between its start and the provider's callback."""

from fastapi import Request, Response

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
