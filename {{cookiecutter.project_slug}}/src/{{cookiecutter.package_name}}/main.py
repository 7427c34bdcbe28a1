"""Build the application: lifespan, middleware, routers and error handlers."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import metadata

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

{% if "admin" in features -%}
from .admin.config import admin_settings
{% endif -%}
{% if "jwt" in features -%}
from .clients.openapi import document_client_credentials
{% endif -%}
from .core.docs import add_docs
from .core.errors import document_common_errors, register_exception_handlers
from .core.logging import configure_logging
from .core.middleware import ConditionalGetMiddleware, ServiceMiddleware
from .db.session import engine
{%- if "file_transfer" in features %}
from .files.uploads import BODY_LIMITS
{%- endif %}
{%- if "filesystem_routing" in features %}
from .filesystem_routing import include_routes
{%- endif %}
{%- if "observability" in features %}
from .observability.logs import add_trace_ids
from .observability.middleware import RequestTelemetryMiddleware
from .observability.setup import observe
from .observability.telemetry import telemetry
{%- endif %}
{%- if "outbound" in features %}
from .outbound.client import outbound_client
{%- endif %}
{%- if "pages" in features %}
from .pages.mount import mount_pages
{%- endif %}
{%- if "websockets" in features %}
from .realtime import hub
{%- endif %}
{%- if "redis" in features %}
from .redis.client import redis
{%- endif %}
{%- if "routers" in features %}
from .routers import include_routes
{%- endif %}
from .settings import settings

# Version and description have one source, pyproject.toml.
DISTRIBUTION = metadata("{{ cookiecutter.project_slug }}")
# Requests free almost everything they allocate by reference counting; a scan of the young
# generation every 700 allocations, the default, took over a tenth of the CPU under load.
GC_YOUNG_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Keep what start-up built (modules, models, routes) out of every later collection and
    collect the young generation less often.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    tune_garbage_collector()
{%- if "websockets" in features %}
    await hub.start()
{%- endif %}
{%- if "outbound" in features %}
    async with outbound_client(app):
        yield
{%- else %}
    yield
{%- endif %}
{%- if "websockets" in features %}
    await hub.stop()  # every socket closed with 1001 (going away)
{%- endif %}
    await engine.dispose()
{%- if "redis" in features %}
    await redis.aclose()
{%- endif %}


def create_app() -> FastAPI:
{%- if "observability" in features %}
    configure_logging(settings, add_trace_ids)
{%- else %}
    configure_logging(settings)
{%- endif %}
    app = FastAPI(
        title=settings.PROJECT_NAME,
        version=DISTRIBUTION["Version"],
        description=DISTRIBUTION["Summary"],
        openapi_url=f"{settings.API_V1_PREFIX}/openapi.json",
        # add_docs serves the docs with their assets, where FastAPI's load them from a CDN.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
{%- if "observability" in features %}
        telemetry=telemetry(DISTRIBUTION["Version"]),
{%- endif %}
    )
    register_exception_handlers(app)
    include_routes(app)
    add_docs(app)
{%- if "observability" in features %}
    observe(app)
{%- endif %}
{%- if "admin" in features %}
    if admin_settings.admin_served:
        # starlette-admin and its views take a fifth of a second to import: not where the
        # admin is off.
        from .admin_site import mount_admin

        mount_admin(app)
{%- endif %}
{%- if "pages" in features %}
    mount_pages(app)
{%- endif %}
    document_common_errors(app)
{%- if "jwt" in features %}
    document_client_credentials(app)
{%- endif %}

    # Added innermost first. The service's own middleware wraps the app, so every response,
    # even a refused host or an oversized body, carries the request id and is logged; CORS
    # wraps that, so browsers can read those errors too.
    app.add_middleware(
        ConditionalGetMiddleware,
        prefix=settings.API_V1_PREFIX,
        max_age=settings.HTTP_CACHE_MAX_AGE,
    )
{%- if "observability" in features %}
    # Inside the service's middleware: the request id is bound by then, and an error no
    # handler answered still propagates to it (it answers the 500).
    app.add_middleware(RequestTelemetryMiddleware)
{%- endif %}
    app.add_middleware(
        ServiceMiddleware,
        max_body_bytes=settings.MAX_REQUEST_BODY_BYTES,
{%- if "file_transfer" in features %}
        path_limits=BODY_LIMITS,
{%- endif %}
        allowed_hosts=settings.ALLOWED_HOSTS if settings.is_production else None,
        hsts=settings.is_production,
    )
    if settings.CORS_ORIGINS:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.CORS_ORIGINS,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID"],
        )
    if settings.TRUSTED_PROXIES:
        # Outermost: every layer sees the client and scheme the proxy forwarded. The server
        # runs with --no-proxy-headers, so this setting alone says whose headers to believe.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.TRUSTED_PROXIES)
    return app


app = create_app()
