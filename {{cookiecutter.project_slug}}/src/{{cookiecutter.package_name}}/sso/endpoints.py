"""Sign in through the OpenID Connect provider, for API clients: a browser goes to the
start, signs in at the provider, and comes back to the callback, which answers the same
pair of tokens of a new session as a password sign-in.
"""

from typing import Annotated

from fastapi import Cookie, Query, Request, Response
from fastapi.responses import RedirectResponse

from ..api.deps import TransactionDep
from ..auth import service as auth
from ..auth.schemas import Token
from ..sessions.service import SignInClient
from . import service
from .flow_cookie import FLOW_COOKIE, forget_flow, keep_flow
from .service import Flow, SignOnFailed

CALLBACK = "sso_callback"
# An authorization code or state as providers make them is far shorter.
MAX_PARAMETER = 2048


async def start_sign_on(request: Request) -> Response:
    """Go to the provider to sign in (303); it sends the browser back to the callback. 503
    when the provider cannot be reached.
    """
    location, flow = await service.start(str(request.url_for(CALLBACK)))
    return keep_flow(RedirectResponse(location, status_code=303), flow, request)


async def finish_sign_on(
    request: Request,
    response: Response,
    session: TransactionDep,
    code: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    state: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    error: Annotated[str | None, Query(max_length=MAX_PARAMETER)] = None,
    flow: Annotated[str | None, Cookie(alias=FLOW_COOKIE, max_length=4096)] = None,
) -> Token:
    """Where the provider sends the browser back: the access and refresh tokens of a new
    session for the account it signed in. 401 when the answer does not finish a sign-in
    this browser started (wrong state, expired, refused code, ID token not valid for it);
    403 when the provider does not vouch for an address this service takes.
    """
    forget_flow(response, request)  # on success; a failed flow's cookie expires soon
    started = Flow.unseal(flow)
    if error is not None or not code:
        raise SignOnFailed("The provider did not sign you in")
    user = await service.finish(session, started, state, code)
    return await auth.sign_in(session, user, SignInClient.of(request))
