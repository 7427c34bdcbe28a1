{%- if "pages_sign_in" in features -%}
"""Whom the pages act for: the caller the session cookie names, with the permission a page
needs (reading items, or changing them).
"""
{%- else -%}
"""Whom the pages act for: anyone, as the API asks for no credentials."""
{%- endif %}

from typing import Annotated

from fastapi import Depends

{% if "pages_sign_in" in features -%}
from ..identity import Principal
from .sign_in import signed_in

PageCaller = Annotated[Principal, Depends(signed_in("items:read"))]
PageWriter = Annotated[Principal, Depends(signed_in("items:write"))]
{%- else -%}
from ..identity import Principal, get_caller, get_claimed_caller

PageCaller = Annotated[Principal, Depends(get_claimed_caller)]
PageWriter = Annotated[Principal, Depends(get_caller)]
{%- endif %}
