"""E-mail verification: links that show whoever signed up, or asked for a new address, reads
the mail sent to it.

A verification link (`links.py`) names the address it verifies and the one the account had
when it was made. It works while the account still has that address and password: a new
address takes effect only once the link sent to it is opened, and a password change (or a
reset) kills the link of a change the owner did not ask for. Opening a link twice does no
harm.
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
from ..core.errors import Conflict, PermissionDenied
from ..db.base import utcnow
{%- if "mail_tasks" not in features %}
from ..db.session import SessionFactory
{%- endif %}
from ..mail import messages
from ..mail.outbox import Outbox
from ..users import service as users
from ..users.models import User
from ..users.schemas import EmailChange, UserCreate, UserRegister
from .config import auth_settings
from .links import create_link_token, link_to, unless_sent_recently, user_of_link
from .schemas import Message

logger = structlog.get_logger(__name__)

VERIFY = "verify_email"
{%- if "mail_tasks" in features %}
# The worker's task that looks the address up and sends the link again (auth/tasks.py).
VERIFICATION_TASK = "mail.send_email_verification"
{%- endif %}
# What asking for the link again answers: the same whether or not the address has an account.
VERIFICATION_SENT = Message(
    detail="If the address has an account still to be verified, a link is on its way"
)
CHANGE_STARTED = Message(detail="Open the link sent to the new address to start using it")


class InvalidVerificationToken(PermissionDenied):
    """The link is malformed or expired, or the account's address or password has changed
    since it was sent.
    """


class EmailNotVerified(PermissionDenied):
    """The password is right, but the account's address is not verified yet."""


def create_verification_token(user: User, email: str) -> str:
    """A token that verifies `email` as the user's address (their current one, or a new one)."""
    minutes = auth_settings.EMAIL_VERIFICATION_EXPIRE_MINUTES
    return create_link_token(user, VERIFY, minutes, email=email, was=user.email)


def verification_link(user: User, email: str) -> str:
    return link_to(auth_settings.EMAIL_VERIFICATION_URL, create_verification_token(user, email))


def verification_message(user: User, email: str) -> EmailMessage:
    return messages.render(
        "verify_email",
        email,
        f"Confirm your {core_settings.PROJECT_NAME} address",
        email=email,
        link=verification_link(user, email),
        lasting=messages.lasting(auth_settings.EMAIL_VERIFICATION_EXPIRE_MINUTES),
    )


async def register(session: AsyncSession, outbox: Outbox, data: UserRegister) -> User:
    """Create an account whose address is still to be verified; the welcome e-mail, sent once
    the answer has gone out, carries the link that verifies it.
    """
    if not auth_settings.REGISTRATION_OPEN:
        raise PermissionDenied("Registration is closed")
    user = await users.create_user(
        session,
        UserCreate(**data.model_dump()),
        verified=False,
        roles=[auth_settings.NEW_ACCOUNT_ROLE],
    )
    link = verification_link(user, user.email)
    minutes = auth_settings.EMAIL_VERIFICATION_EXPIRE_MINUTES
    await outbox.send("welcome", messages.welcome(user.email, user.full_name, link, minutes))
    return user


def check_verified(user: User) -> None:
    """Refuse a sign-in with the right password to an account still to be verified, when
    SIGN_IN_REQUIRES_VERIFIED_EMAIL says so.
    """
    if auth_settings.SIGN_IN_REQUIRES_VERIFIED_EMAIL and user.email_verified_at is None:
        raise EmailNotVerified(
            "Confirm your e-mail address first with the link sent to it, or ask for a new one"
        )


async def verification_message_for(session: AsyncSession, email: str) -> EmailMessage | None:
    """The link again for the address if an active account still to be verified has it and
    was sent none within ACCOUNT_MAIL_INTERVAL_SECONDS (the send is committed), else None,
    so what the caller sees never tells whether the address has an account.
    """
    user = await users.get_user_by_email(session, email, for_update=True)
    if user is None or not user.is_active or user.email_verified_at is not None:
        logger.info("verification_for_no_unverified_account")
        return None
    return await unless_sent_recently(session, user, EventKind.VERIFICATION_SENT, link_again)


def link_again(user: User) -> EmailMessage:
    return verification_message(user, user.email)


async def send_again(outbox: Outbox, email: str) -> None:
{%- if "mail_tasks" in features %}
    """Hand a worker the link again before the answer (503 when the broker is down); the
    worker looks the address up.
    """
    await outbox.hand_over(VERIFICATION_TASK, email)
{%- else %}
    """Send the link again once the answer has gone out; the address is looked up then."""
    await outbox.send_later("email_verification", partial(compose_verification_message, email))


async def compose_verification_message(email: str) -> EmailMessage | None:
    """The link again, composed in a session given back before anything is sent."""
    async with SessionFactory() as session:
        return await verification_message_for(session, email)
{%- endif %}


async def request_email_change(
    session: AsyncSession, outbox: Outbox, user: User, data: EmailChange
) -> None:
    """Send a link to the new address that makes it the account's, and tell the current one;
    the address stays as it is until the link is opened. The current password is required
    (PermissionDenied), so a stolen token alone cannot move the account away.
    """
    await users.check_current_password(user, data.current_password)
    if data.email == user.email:
        raise Conflict("This is already your address")
    await users.ensure_email_free(session, data.email)
    audit.record(session, EventKind.EMAIL_CHANGE_REQUESTED, user.id)
    await outbox.send("email_change", verification_message(user, data.email))
    notice = messages.render(
        "email_change_requested",
        user.email,
        f"Your {core_settings.PROJECT_NAME} address is about to change",
        new_email=data.email,
    )
    await outbox.send("email_change_notice", notice)


async def verify_email(session: AsyncSession, token: str) -> User:
    """Verify the token's address as its user's: their current one, or the new one they
    asked for, which becomes theirs (Conflict if another account took it meanwhile).
    """
    user, claims = await user_of_link(session, token, VERIFY, "email", "was") or (None, {})
    email = claims.get("email")
    if user is None or claims["was"] != user.email or not isinstance(email, str):
        raise InvalidVerificationToken("Invalid or expired verification link")
    if email != user.email:
        await users.ensure_email_free(session, email)
        user.email = email
        audit.record(session, EventKind.EMAIL_CHANGED, user.id)
    elif user.email_verified_at is not None:
        return user
    user.email_verified_at = utcnow()
    audit.record(session, EventKind.EMAIL_VERIFIED, user.id)
    await session.flush()
    return user
