"""The admin: every view it shows, feature by feature (the one place that lists them), and
where it is mounted.
"""

import logging

from fastapi import FastAPI
from starlette_admin.contrib.sqla import Admin

from .admin.database import AdminSessionFactory
from .admin.views import PermissionView
from .audit.admin import SecurityEventView
from .auth.config import auth_settings
from .auth.users_admin import RoleView, UserView
from .clients.admin import MachineClientView
from .core.config import core_settings
{%- if "file_transfer" in features %}
from .files.admin import StoredFileView
{%- endif %}
from .items.admin import ItemView
{%- if "celery" in features %}
from .jobs.admin import JobView
{%- endif %}
from .pages.admin_sign_in import PagesSignIn
from .sessions.admin import SignInSessionView
from .sso.admin import ExternalIdentityView


def admin_views() -> list[PermissionView]:
    return [
        UserView(),
        RoleView(),
        SignInSessionView(),
        SecurityEventView(),
        MachineClientView(),
        ExternalIdentityView(),
        ItemView(),
{%- if "file_transfer" in features %}
        StoredFileView(),
{%- endif %}
{%- if "celery" in features %}
        JobView(),
{%- endif %}
    ]


def mount_admin(app: FastAPI) -> None:
    """Mount the admin at /admin with every view; a user whose roles give any of their read
    permissions opens it.
    """
    # starlette-admin logs each step of each request at INFO; the service logs the request.
    logging.getLogger("starlette_admin").setLevel(logging.WARNING)
    views = admin_views()
    admin = Admin(
        AdminSessionFactory,
        title=f"{core_settings.PROJECT_NAME} admin",
        base_url="/admin",
        auth_provider=PagesSignIn({view.read_permission for view in views}),
        secret_key=auth_settings.SECRET_KEY,
    )
    for view in views:
        admin.add_view(view)
    admin.mount_to(app)
