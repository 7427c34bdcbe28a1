"""What the provider's redirect back to a callback brings, as one dependency: the API's and
the pages' callbacks read it alike.
"""

from typing import Annotated

from fastapi import Cookie, Depends, Query

from .flow_cookie import FLOW_COOKIE
from .service import ProviderAnswer

# An authorization code or state as providers make them is far shorter.
MAX_PARAMETER = 2048


async def provider_answer(
    code: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    state: Annotated[str, Query(max_length=MAX_PARAMETER)] = "",
    error: Annotated[str | None, Query(max_length=MAX_PARAMETER)] = None,
    flow: Annotated[str | None, Cookie(alias=FLOW_COOKIE, max_length=4096)] = None,
) -> ProviderAnswer:
    return ProviderAnswer(code, state, error, flow)


ProviderAnswerDep = Annotated[ProviderAnswer, Depends(provider_answer)]
