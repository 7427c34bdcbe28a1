"""Links e-mailed to an account (a password reset, an address to verify): short-lived JWTs
that also carry a keyed digest of the account's password hash.

Setting any new password changes the hash, so a link stops working the moment its password
changes, by the link itself or any other way, without a table of issued links to store,
check and purge. Sending them is throttled per account, whoever asks.
"""

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlencode

import jwt
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..users.models import User
from .config import auth_settings
from .security import ALGORITHM

logger = structlog.get_logger(__name__)


def password_digest(user: User) -> str:
    """A keyed digest of the user's password hash: it changes with the password."""
    key = auth_settings.SECRET_KEY.encode()
    return hmac.new(key, user.hashed_password.encode(), hashlib.sha256).hexdigest()[:32]


def create_link_token(user: User, kind: str, minutes: int, **claims: str) -> str:
    """A token of this kind for the user, working for `minutes` while the password stays."""
    now = datetime.now(UTC)
    payload = {
        **claims,
        "sub": str(user.id),
        "type": kind,
        "pwd": password_digest(user),
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
    }
    return jwt.encode(payload, auth_settings.SECRET_KEY, algorithm=ALGORITHM)


def link_to(page: str, token: str) -> str:
    return f"{page}?{urlencode({'token': token})}"


async def unless_sent_recently(
    session: AsyncSession, user: User, sent: EventKind, compose: Callable[[User], EmailMessage]
) -> EmailMessage | None:
    """The message `compose` makes for the user, unless a link of this kind went to them
    within ACCOUNT_MAIL_INTERVAL_SECONDS; the send is recorded and committed, so the next
    ask within it composes nothing.
    """
    interval = timedelta(seconds=auth_settings.ACCOUNT_MAIL_INTERVAL_SECONDS)
    if not await audit.record_unless_recent(session, sent, user.id, interval):
        logger.info("link_sent_recently", kind=sent.value, user_id=user.id)
        return None
    message = compose(user)
    await session.commit()
    return message


async def user_of_link(
    session: AsyncSession, token: str, kind: str, *claims: str
) -> tuple[User, dict[str, Any]] | None:
    """The active user a valid, unexpired token of this kind names, with its claims (which
    include `claims`), while their password is the one it was made against; else None.
    """
    try:
        payload = jwt.decode(
            token,
            auth_settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "type", "pwd", *claims]},
        )
    except jwt.PyJWTError:
        return None
    subject = payload["sub"]
    if payload["type"] != kind or not isinstance(subject, str) or not subject.isdigit():
        return None
    user = await session.get(User, int(subject))
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(str(payload["pwd"]), password_digest(user)):
        return None
    return user, payload
