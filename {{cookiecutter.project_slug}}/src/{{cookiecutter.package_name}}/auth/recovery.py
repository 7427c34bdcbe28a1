"""Password recovery: reset tokens that die with the password they were issued against.

A reset token is a short-lived JWT that also carries a keyed digest of the user's current
password hash. Setting any new password changes the hash, so the token stops working the
moment it has been used (or the password changed some other way) without a table of
issued tokens to store, check and purge.
"""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
{%- if "mail_tasks" not in features %}
from functools import partial
{%- endif %}
from urllib.parse import urlencode

import jwt
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..core.config import core_settings
from ..core.errors import PermissionDenied
from ..credentials.passwords import hash_password
{%- if "mail_tasks" not in features %}
from ..db.session import ReadOnlySessionFactory
{%- endif %}
from ..mail import messages
from ..mail.outbox import Outbox
from ..sessions import service as sessions
from ..users.models import User
from ..users.service import get_user_by_email
from .config import auth_settings
from .schemas import Message
from .security import ALGORITHM

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


def _password_digest(user: User) -> str:
    key = auth_settings.SECRET_KEY.encode()
    return hmac.new(key, user.hashed_password.encode(), hashlib.sha256).hexdigest()[:32]


def create_reset_token(user: User) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user.id),
        "type": RESET,
        "pwd": _password_digest(user),
        "iat": now,
        "exp": now + timedelta(minutes=auth_settings.PASSWORD_RESET_EXPIRE_MINUTES),
    }
    return jwt.encode(claims, auth_settings.SECRET_KEY, algorithm=ALGORITHM)


def reset_link(token: str) -> str:
    return f"{auth_settings.PASSWORD_RESET_URL}?{urlencode({'token': token})}"


async def password_reset_message(session: AsyncSession, email: str) -> EmailMessage | None:
    """The reset e-mail for the address if an active user has it, else None, so what the
    caller sees never tells whether the address has an account. Sending it is the caller's
    job, once the session has given its connection back: an SMTP server that hangs must
    never hold a database connection.
    """
    user = await get_user_by_email(session, email)
    if user is None or not user.is_active:
        logger.info("password_reset_for_unknown_address")
        return None
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
    await outbox.send_later("password_reset", partial(read_reset_message, email))


async def read_reset_message(email: str) -> EmailMessage | None:
    """The reset e-mail, read in a session given back before anything is sent."""
    async with ReadOnlySessionFactory() as session:
        return await password_reset_message(session, email)
{%- endif %}


async def reset_password(session: AsyncSession, token: str, new_password: str) -> None:
    """Set the password of the token's user, which revokes the token, and end every session
    of theirs: whoever took the account over is signed out.
    """
    invalid = InvalidResetToken("Invalid or expired reset token")
    try:
        claims = jwt.decode(
            token,
            auth_settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "type", "pwd"]},
        )
    except jwt.PyJWTError as exc:
        raise invalid from exc
    subject = claims["sub"]
    if claims["type"] != RESET or not isinstance(subject, str) or not subject.isdigit():
        raise invalid
    user = await session.get(User, int(subject))
    if user is None or not user.is_active:
        raise invalid
    if not hmac.compare_digest(str(claims["pwd"]), _password_digest(user)):
        raise invalid
    user.hashed_password = await hash_password(new_password)
    audit.record(session, EventKind.PASSWORD_RESET, user.id)
    await sessions.end_all(session, user.id)
