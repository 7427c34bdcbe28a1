"""Where the pages plug into the app beyond their routes: `/static`, and the sign-in redirect."""

from fastapi import FastAPI

{% if "pages_sign_in" in features -%}
from .sign_in import SignInRequired, redirect_to_sign_in
{% endif -%}
from .templating import static_files


def mount_pages(app: FastAPI) -> None:
    """Mount `/static` after every route: routes match in order, so nothing mounted here can
    shadow an API route.
    """
{%- if "pages_sign_in" in features %}
    app.add_exception_handler(SignInRequired, redirect_to_sign_in)
{%- endif %}
    app.mount("/static", static_files, name="static")
