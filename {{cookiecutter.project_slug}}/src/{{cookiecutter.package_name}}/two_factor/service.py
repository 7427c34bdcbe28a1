"""Turning two-factor sign-in on and off, and checking its codes at sign-in; raises domain
errors, never HTTP ones.

pyotp makes and checks the codes (RFC 6238: six digits, a new one every 30 seconds, the
secret shared with the app through an otpauth:// URI). It is imported on first use, as
pwdlib is: only enrolments and sign-ins with a code need it, not the service's start.
"""

import base64
import hmac
import secrets
import time
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..core.config import core_settings
from ..core.errors import Conflict, NotFound, PermissionDenied
from ..credentials.digests import digest
from ..db.base import utcnow
from ..sessions import service as sessions
from ..users.models import User
from ..users.service import check_current_password
from .models import Authenticator, RecoveryCode
from .schemas import Enrolment, TwoFactorStatus

if TYPE_CHECKING:
    from pyotp import TOTP

RECOVERY_CODES = 10
# Ten characters of 31 (no look-alikes: no 0, 1, i, l or o), about 50 random bits each code.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
# Codes of the step before and after now are taken too: phones' clocks drift.
DRIFT_STEPS = 1
# 160 random bits, the length RFC 4226 recommends, as the base32 apps take.
SECRET_BYTES = 20


class WrongCode(PermissionDenied):
    """The code is not the authenticator's for now, or was used already."""


async def status(session: AsyncSession, user_id: int) -> TwoFactorStatus:
    authenticator = await session.get(Authenticator, user_id)
    left = await session.scalar(
        select(func.count()).select_from(RecoveryCode).where(RecoveryCode.user_id == user_id)
    )
    on = authenticator is not None and authenticator.confirmed_at is not None
    return TwoFactorStatus(enabled=on, recovery_codes_left=left or 0)


async def start(session: AsyncSession, user: User, password: str) -> Enrolment:
    """A new secret for the user's authenticator, given their current password (403 when it
    is wrong), waiting for a code from the app to confirm it; it replaces one still waiting.
    409 when two-factor sign-in is on already.
    """
    await check_current_password(user, password)
    authenticator = await session.get(Authenticator, user.id)
    if authenticator is not None and authenticator.confirmed_at is not None:
        raise Conflict("Two-factor sign-in is on already: turn it off first")
    secret = base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode()
    if authenticator is None:
        session.add(Authenticator(user_id=user.id, secret=secret))
    else:
        authenticator.secret, authenticator.created_at = secret, utcnow()
    await session.flush()
    return _enrolment(user, secret)


async def waiting(session: AsyncSession, user: User) -> Enrolment | None:
    """The enrolment started and not confirmed yet, if there is one."""
    authenticator = await session.get(Authenticator, user.id)
    if authenticator is None or authenticator.confirmed_at is not None:
        return None
    return _enrolment(user, authenticator.secret)


async def confirm(
    session: AsyncSession, user_id: int, code: str, session_id: int | None
) -> list[str]:
    """Turn two-factor sign-in on with a code from the new authenticator, and end every
    session of the account but `session_id`; return the recovery codes, which are kept
    only as digests from then on.
    """
    authenticator = await session.get(Authenticator, user_id)
    if authenticator is None:
        raise NotFound("No authenticator waits for confirmation: start again")
    if authenticator.confirmed_at is not None:
        raise Conflict("Two-factor sign-in is on already")
    step = _step_of(authenticator.secret, code)
    if step is None:
        raise WrongCode("That code does not match the authenticator")
    authenticator.confirmed_at, authenticator.last_step = utcnow(), step
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, digest=digest(code)) for code in codes)
    audit.record(session, EventKind.TWO_FACTOR_ENABLED, user_id, session_id=session_id)
    await sessions.end_all(session, user_id, keep=session_id)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


async def turn_off(
    session: AsyncSession, user: User, password: str, code: str, session_id: int | None
) -> None:
    """Turn the user's two-factor sign-in off, given their current password and a code
    from the app or a recovery code (403 when either is wrong).
    """
    await check_current_password(user, password)
    authenticator = await session.get(Authenticator, user.id)
    if authenticator is None or not await accept(session, authenticator, code):
        raise WrongCode("That code does not match the authenticator")
    await _forget(session, user.id)
    audit.record(session, EventKind.TWO_FACTOR_DISABLED, user.id, session_id=session_id)


async def reset(session: AsyncSession, user_id: int) -> None:
    """Turn someone's two-factor sign-in off for them, when they lost the app and the
    recovery codes: an admin's doing.
    """
    if await _forget(session, user_id):
        audit.record(session, EventKind.TWO_FACTOR_RESET, user_id)


async def _forget(session: AsyncSession, user_id: int) -> bool:
    """Forget the account's authenticator and recovery codes; whether it had one."""
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    removed = await session.execute(
        delete(Authenticator)
        .where(Authenticator.user_id == user_id)
        .returning(Authenticator.user_id)
    )
    return removed.scalar_one_or_none() is not None


async def required(session: AsyncSession, user_id: int) -> Authenticator | None:
    """The account's confirmed authenticator, when a sign-in to it needs a code."""
    confirmed = select(Authenticator).where(
        Authenticator.user_id == user_id, Authenticator.confirmed_at.is_not(None)
    )
    return await session.scalar(confirmed)


async def accept(session: AsyncSession, authenticator: Authenticator, code: str) -> bool:
    """Whether the code lets a sign-in through: the authenticator's for now, newer than the
    last one taken (each works once), or one of the recovery codes, which is then used up.
    """
    user_id = authenticator.user_id
    normalized = "".join(code.split()).replace("-", "").lower()
    if normalized.isascii() and normalized.isdigit():
        if (step := _step_of(authenticator.secret, normalized)) is None:
            return False
        # One statement, so two sign-ins racing with one code cannot both take it.
        taken = await session.execute(
            update(Authenticator)
            .where(
                Authenticator.user_id == user_id,
                or_(Authenticator.last_step.is_(None), Authenticator.last_step < step),
            )
            .values(last_step=step)
            .returning(Authenticator.user_id)
            .execution_options(synchronize_session=False)
        )
        return taken.scalar_one_or_none() is not None
    used = await session.execute(
        delete(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.digest == digest(normalized))
        .returning(RecoveryCode.id)
    )
    return used.scalar_one_or_none() is not None


def _totp(secret: str) -> {{ "TOTP" | forward_ref }}:
    import pyotp

    return pyotp.TOTP(secret)


def _enrolment(user: User, secret: str) -> Enrolment:
    uri = _totp(secret).provisioning_uri(name=user.email, issuer_name=core_settings.PROJECT_NAME)
    return Enrolment(secret=secret, uri=uri)


def _step_of(secret: str, code: str) -> int | None:
    """The time step whose code this is, within the drift allowed; None if none."""
    totp = _totp(secret)
    now = int(time.time())
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(now, counter_offset=offset).encode(), code.encode()):
            return now // totp.interval + offset
    return None


def _recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
