"""E-mails rendered from a plain-text and an HTML template each (`templates/<name>.txt` and
`.html`); the welcome is built here, other features build theirs with `render`.
"""

from email.message import EmailMessage
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import core_settings
from .config import mail_settings

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> {{ "Environment" | forward_ref }}:
    """The templates' environment, made on first use: no request but sign-up needs Jinja2."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )


def render(name: str, to: str, subject: str, **context: object) -> EmailMessage:
    """The message from `<name>.txt` with `<name>.html` as its alternative."""
    context = {"project_name": core_settings.PROJECT_NAME, **context}
    message = EmailMessage()
    message["From"] = mail_settings.MAIL_FROM
    message["To"] = to
    message["Subject"] = subject
    message.set_content(environment().get_template(f"{name}.txt").render(context))
    html = environment().get_template(f"{name}.html").render(context)
    message.add_alternative(html, subtype="html")
    return message


def lasting(minutes: int) -> str:
    """A link's lifetime as a person says it: "30 minutes", "1 hour", "48 hours"."""
    count, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def welcome(to: str, full_name: str | None, link: str, minutes: int) -> EmailMessage:
    """The welcome, with the link that verifies the address."""
    subject = f"Welcome to {core_settings.PROJECT_NAME}"
    return render("welcome", to, subject, full_name=full_name, link=link, lasting=lasting(minutes))
