"""Sign in to the pages through the OpenID Connect provider: the same flow as the API's,
ending in the pages' session cookie instead of a pair of tokens.
"""

from typing import Annotated

from fastapi import Cookie, Query, Request, Response
from fastapi.responses import RedirectResponse

from ..api.deps import TransactionDep
from ..auth.service import sign_in_without_refresh
from ..core.errors import AuthenticationFailed, PermissionDenied
from ..sessions.service import SignInClient
from ..sso import service
from ..sso.endpoints import MAX_PARAMETER
from ..sso.flow_cookie import FLOW_COOKIE, forget_flow, keep_flow
from ..sso.service import Flow, SignOnFailed
from .csrf import current_or_new
from .sign_in import sign_in_form, start_session

CALLBACK = "sso_callback_page"


async def start_sign_on(request: Request) -> Response:
    """Go to the provider to sign in; it sends the browser back to the callback."""
    location, flow = await service.start(str(request.url_for(CALLBACK)))
    return keep_flow(RedirectResponse(location, status_code=303), flow, request)


async def finish_sign_on(
    request: Request,
    session: TransactionDep,
    code: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    state: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    error: Annotated[str | None, Query(max_length=MAX_PARAMETER)] = None,
    flow: Annotated[str | None, Cookie(alias=FLOW_COOKIE, max_length=4096)] = None,
) -> Response:
    """Where the provider sends the browser back: signed in, to the items; refused, the
    sign-in page saying why (401, or 403 when the provider does not vouch for the address).
    """
    try:
        started = Flow.unseal(flow)
        if error is not None or not code:
            raise SignOnFailed("The provider did not sign you in")
        user = await service.finish(session, started, state, code)
    except (AuthenticationFailed, PermissionDenied) as refusal:
        await session.rollback()  # nothing of a refused sign-in is kept
        refused = isinstance(refusal, PermissionDenied)
        response = sign_in_form(request, current_or_new(request), refusal.detail, refused=refused)
    else:
        credential = await sign_in_without_refresh(session, user, SignInClient.of(request))
        response = start_session(request, credential)
    forget_flow(response, request)
    return response
