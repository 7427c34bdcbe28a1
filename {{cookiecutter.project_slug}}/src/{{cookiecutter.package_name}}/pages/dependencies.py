{%- if "pages_sign_in" in features -%}
"""Whom the pages show items to: the caller the session cookie names."""
{%- else -%}
"""Whom the pages show items to: anyone, as the API asks for no credentials."""
{%- endif %}

from typing import Annotated

from fastapi import Depends

from ..identity import Principal
{%- if "pages_sign_in" in features %}
from .sign_in import signed_in_caller as page_caller
{%- else %}
from ..identity import get_claimed_caller as page_caller
{%- endif %}

PageCaller = Annotated[Principal, Depends(page_caller)]
