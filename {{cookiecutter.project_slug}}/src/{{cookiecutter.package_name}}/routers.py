"""Every route the app serves, router by router: the one place that lists them."""

from fastapi import APIRouter, FastAPI

{% if "jwt" in features -%}
from .auth.password_router import router as password_router
from .auth.roles_router import router as roles_router
from .auth.router import router as auth_router
from .auth.users_router import router as users_router
{% endif -%}
from .core.config import core_settings
from .core.errors import error_responses
{% if "file_transfer" in features -%}
from .files.router import router as files_router
{% endif -%}
from .guards import GUARD_ERRORS, GUARDS
from .health.router import router as health_router
{% if "pages_sign_in" in features -%}
from .identity.sign_in import sign_in_form_served
{% endif -%}
from .items.router import router as items_router
{% if "celery" in features -%}
from .jobs.router import router as jobs_router
{% endif -%}
{% if "outbound" in features -%}
from .outbound.router import router as upstreams_router
{% endif -%}
{% if "pages_accounts" in features -%}
from .pages.accounts_router import password_router as password_pages_router
from .pages.accounts_router import router as accounts_router
from .pages.accounts_router import sso_router as sso_pages_router
{% endif -%}
{% if "pages_jobs" in features -%}
from .pages.jobs_router import router as jobs_pages_router
{% endif -%}
{% if "pages_rooms" in features -%}
from .pages.rooms_router import router as rooms_pages_router
{% endif -%}
{% if "pages" in features -%}
from .pages.router import router as pages_router
{% endif -%}
{% if "pages_sign_in" in features -%}
from .pages.sign_in_router import form_router as sign_in_form_router
from .pages.sign_in_router import router as sign_in_router
{% endif -%}
{% if "websockets" in features -%}
from .realtime.router import router as rooms_router
from .realtime.router import socket_router as rooms_socket_router
{% endif -%}
{% if "jwt" in features -%}
from .sso.config import password_sign_in, single_sign_on
from .sso.router import router as sso_router
{% endif %}
# Version 1 of the API, served under API_V1_PREFIX behind the guards.
ROUTERS: list[APIRouter] = [
{%- if "jwt" in features %}
    auth_router,
    users_router,
    roles_router,
{%- endif %}
    items_router,
{%- if "file_transfer" in features %}
    files_router,
{%- endif %}
{%- if "websockets" in features %}
    rooms_router,
{%- endif %}
{%- if "celery" in features %}
    jobs_router,
{%- endif %}
]


def versioned_routers() -> list[APIRouter]:
{%- if "jwt" in features %}
    """ROUTERS, and those the settings turn on as the app starts: the password's unless
    single sign-on is the only way in, single sign-on's once a provider is configured.
    """
    routers = list(ROUTERS)
    if password_sign_in():
        routers.append(password_router)
    if single_sign_on():
        routers.append(sso_router)
    return routers
{%- else %}
    """ROUTERS: none of them depends on the settings."""
    return ROUTERS
{%- endif %}


def include_routes(app: FastAPI) -> None:
    """Include every route: the probes, then each versioned router directly on the app under
    the version prefix (FastAPI matches a request against every level of nested routers, so
    one level less is faster), then the routes outside the versioned API.
    """
    app.include_router(health_router)
{%- if "outbound" in features %}
    app.include_router(upstreams_router)
{%- endif %}
    for router in versioned_routers():
        app.include_router(
            router,
            prefix=core_settings.API_V1_PREFIX,
            dependencies=GUARDS,
            responses=error_responses(*GUARD_ERRORS),
        )
{%- if "websockets" in features %}
    app.include_router(rooms_socket_router)
{%- endif %}
{%- if "pages" in features %}
    app.include_router(pages_router)
{%- endif %}
{%- if "pages_jobs" in features %}
    app.include_router(jobs_pages_router)
{%- endif %}
{%- if "pages_rooms" in features %}
    app.include_router(rooms_pages_router)
{%- endif %}
{%- if "pages_sign_in" in features %}
    app.include_router(sign_in_router)
    if sign_in_form_served():
        app.include_router(sign_in_form_router)
{%- endif %}
{%- if "pages_accounts" in features %}
    app.include_router(accounts_router)
    if password_sign_in():
        app.include_router(password_pages_router)
    if single_sign_on():
        app.include_router(sso_pages_router)
{%- endif %}
