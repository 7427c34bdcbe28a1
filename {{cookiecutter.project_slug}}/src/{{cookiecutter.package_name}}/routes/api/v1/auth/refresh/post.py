from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth import service
from {{ cookiecutter.package_name }}.auth.schemas import RefreshRequest, Token
from {{ cookiecutter.package_name }}.auth.security import decode_token
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

name = "refresh"
responses = error_responses(AuthenticationFailed)


async def handler(session: SessionDep, body: RefreshRequest) -> Token:
    """Exchange a refresh token for a new pair of tokens."""
    user = await service.refresh(session, decode_token(body.refresh_token, "refresh"))
    return service.issue_tokens(user)
