"""Version 1 of the API: what each of its routes runs first, whichever routing style serves it."""

{% if "api_key" in features -%}
from fastapi import Depends, params
{%- else -%}
from fastapi import params
{%- endif %}

{% if "api_key" in features -%}
from .api_keys.dependencies import ApiKeyRequired, require_api_key
{% endif -%}
{% if "rate_limit" in features and "redis" in features -%}
from .core.errors import AppError, ServiceUnavailable
{%- else -%}
from .core.errors import AppError
{%- endif %}
{%- if "rate_limit" in features %}
from .rate_limit.dependencies import RateLimited, TooManyRequests
{%- endif %}

# What every versioned route runs first, in order, and the errors those checks answer.
{%- if "rate_limit" in features or "api_key" in features %}
GUARDS: list[params.Depends] = [
{%- if "rate_limit" in features %}
    RateLimited,
{%- endif %}
{%- if "api_key" in features %}
    Depends(require_api_key),
{%- endif %}
]
GUARD_ERRORS: list[type[AppError]] = [
{%- if "rate_limit" in features %}
    TooManyRequests,
{%- endif %}
{%- if "rate_limit" in features and "redis" in features %}
    ServiceUnavailable,  # rate limits unchecked, RATE_LIMIT_FAIL_OPEN=false
{%- endif %}
{%- if "api_key" in features %}
    ApiKeyRequired,
{%- endif %}
]
{%- else %}
GUARDS: list[params.Depends] = []
GUARD_ERRORS: list[type[AppError]] = []
{%- endif %}
