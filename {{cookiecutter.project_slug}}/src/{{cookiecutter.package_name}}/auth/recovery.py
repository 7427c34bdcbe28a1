"""Password recovery: a reset link e-mailed to the account, which dies with the password it
was made against (`links.py`), so it works once.
"""

from email.message import EmailMessage
{%- if "mail_tasks" not in features %}
from functools import partial
{%- endif %}

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..core.config import core_settings
from ..core.errors import PermissionDenied
from ..credentials.passwords import hash_password
from ..db.base import utcnow
{%- if "mail_tasks" not in features %}
from ..db.session import SessionFactory
{%- endif %}
from ..mail import messages
from ..mail.outbox import Outbox
from ..sessions import service as sessions
from ..users.models import User
from ..users.service import get_user_by_email
from .config import auth_settings
from .links import create_link_token, link_to, unless_sent_recently, user_of_link
from .schemas import Message

logger = structlog.get_logger(__name__)

RESET = "reset"
{%- if "mail_tasks" in features %}
# The worker's task that looks the address up and sends the e-mail (auth/tasks.py).
RESET_TASK = "mail.send_password_reset"
{%- endif %}
# What starting a recovery answers: the same whether or not the address has an account.
RECOVERY_STARTED = Message(detail="If the address has an account, a reset link is on its way")


class InvalidResetToken(PermissionDenied):
    """The reset token is malformed, expired, or its password has changed since."""


def create_reset_token(user: User) -> str:
    return create_link_token(user, RESET, auth_settings.PASSWORD_RESET_EXPIRE_MINUTES)


def reset_link(token: str) -> str:
    return link_to(auth_settings.PASSWORD_RESET_URL, token)


async def password_reset_message(session: AsyncSession, email: str) -> EmailMessage | None:
    """The reset e-mail for the address if an active user has it and was sent none within
    ACCOUNT_MAIL_INTERVAL_SECONDS (the send is committed), else None, so what the caller sees
    never tells whether the address has an account. Sending it is the caller's job, once the
    session has given its connection back: an SMTP server that hangs must never hold a
    database connection.
    """
    user = await get_user_by_email(session, email, for_update=True)
    if user is None or not user.is_active:
        logger.info("password_reset_for_unknown_address")
        return None
    return await unless_sent_recently(session, user, EventKind.PASSWORD_RESET_SENT, reset_for)


def reset_for(user: User) -> EmailMessage:
    return reset_message(user.email, reset_link(create_reset_token(user)))


def reset_message(to: str, link: str) -> EmailMessage:
    return messages.render(
        "password_reset",
        to,
        f"Reset your {core_settings.PROJECT_NAME} password",
        link=link,
        minutes=auth_settings.PASSWORD_RESET_EXPIRE_MINUTES,
    )


async def start_recovery(outbox: Outbox, email: str) -> None:
{%- if "mail_tasks" in features %}
    """Hand a worker the reset e-mail before the answer (503 when the broker is down); the
    worker looks the address up.
    """
    await outbox.hand_over(RESET_TASK, email)
{%- else %}
    """Send the reset e-mail once the answer has gone out; the address is looked up then."""
    await outbox.send_later("password_reset", partial(compose_reset_message, email))


async def compose_reset_message(email: str) -> EmailMessage | None:
    """The reset e-mail, composed in a session given back before anything is sent."""
    async with SessionFactory() as session:
        return await password_reset_message(session, email)
{%- endif %}


async def reset_password(session: AsyncSession, token: str, new_password: str) -> None:
    """Set the password of the token's user, which revokes the token, and end every session
    of theirs: whoever took the account over is signed out. The address counts as verified.
    """
    found = await user_of_link(session, token, RESET)
    if found is None:
        raise InvalidResetToken("Invalid or expired reset token")
    user, _ = found
    user.hashed_password = await hash_password(new_password)
    # The link came to the account's address, so whoever opened it reads mail sent there.
    user.email_verified_at = user.email_verified_at or utcnow()
    audit.record(session, EventKind.PASSWORD_RESET, user.id)
    await sessions.end_all(session, user.id)
