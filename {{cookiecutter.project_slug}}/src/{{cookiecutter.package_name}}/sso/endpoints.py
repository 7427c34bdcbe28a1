"""Sign in through the OpenID Connect provider, for API clients: a browser goes to the
start, signs in at the provider, and comes back to the callback, which answers the same
pair of tokens of a new session as a password sign-in.
"""

from fastapi import Request, Response

from ..api.deps import TransactionDep
from ..auth import service as auth
from ..auth.schemas import Token
from ..sessions.service import SignInClient
from . import service
from .dependencies import ProviderAnswerDep
from .flow_cookie import forget_flow, go_to_provider

CALLBACK = "sso_callback"


async def start_sign_on(request: Request) -> Response:
    """Go to the provider to sign in (303); it sends the browser back to the callback. 503
    when the provider cannot be reached.
    """
    return await go_to_provider(request, CALLBACK)


async def finish_sign_on(
    request: Request, response: Response, session: TransactionDep, answer: ProviderAnswerDep
) -> Token:
    """Where the provider sends the browser back: the access and refresh tokens of a new
    session for the account it signed in. 401 when the answer does not finish a sign-in
    this browser started (wrong state, expired, refused code, ID token not valid for it);
    403 when the provider does not vouch for an address this service takes.
    """
    forget_flow(response, request)  # on success; a failed flow's cookie expires soon
    user = await service.finish(session, answer)
    return await auth.sign_in(session, user, SignInClient.of(request))
