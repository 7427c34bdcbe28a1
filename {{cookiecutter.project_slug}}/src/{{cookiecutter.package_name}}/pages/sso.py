"""Sign in to the pages through the OpenID Connect provider: the same flow as the API's,
ending in the pages' session cookie instead of a pair of tokens.
"""

from fastapi import Request, Response

from ..api.deps import TransactionDep
from ..auth.service import sign_in_without_refresh
from ..core.errors import AuthenticationFailed, PermissionDenied
from ..sessions.service import SignInClient
from ..sso import service
from ..sso.dependencies import ProviderAnswerDep
from ..sso.flow_cookie import forget_flow, go_to_provider
from .csrf import current_or_new
from .sign_in import sign_in_form, start_session

CALLBACK = "sso_callback_page"


async def start_sign_on(request: Request) -> Response:
    """Go to the provider to sign in; it sends the browser back to the callback."""
    return await go_to_provider(request, CALLBACK)


async def finish_sign_on(
    request: Request, session: TransactionDep, answer: ProviderAnswerDep
) -> Response:
    """Where the provider sends the browser back: signed in, to the items; refused, the
    sign-in page saying why (401, or 403 when the provider does not vouch for the address).
    """
    try:
        user = await service.finish(session, answer)
    except (AuthenticationFailed, PermissionDenied) as refusal:
        await session.rollback()  # nothing of a refused sign-in is kept
        refused = isinstance(refusal, PermissionDenied)
        response = sign_in_form(request, current_or_new(request), refusal.detail, refused=refused)
    else:
        credential = await sign_in_without_refresh(session, user, SignInClient.of(request))
        response = start_session(request, credential)
    forget_flow(response, request)
    return response
