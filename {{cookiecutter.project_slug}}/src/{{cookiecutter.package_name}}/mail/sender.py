"""Send a message over SMTP (aiosmtplib), telling failures worth a retry from the rest."""

import asyncio
from email.message import EmailMessage

from .config import mail_settings

# Replies in the 4xx range mean "not now": a full mailbox, a greylisting server.
TEMPORARY_REPLY = range(400, 500)


class TemporaryFailure(Exception):
    """The SMTP server could not take the message now; sending it later may succeed."""


async def send(message: EmailMessage) -> None:
    """Deliver the message within SMTP_TIMEOUT seconds, from connecting to the last reply."""
    # Imported on first use, like Jinja2: only the requests that send mail need them.
    import aiosmtplib

    try:
        # aiosmtplib's own timeout bounds each reply; this bounds the whole exchange, so a
        # server that answers each command just in time cannot stretch it.
        async with asyncio.timeout(mail_settings.SMTP_TIMEOUT):
            await aiosmtplib.send(
                message,
                hostname=mail_settings.SMTP_HOST,
                port=mail_settings.SMTP_PORT,
                username=mail_settings.SMTP_USER,
                password=mail_settings.SMTP_PASSWORD,
                start_tls=mail_settings.SMTP_STARTTLS,
                use_tls=mail_settings.SMTP_TLS,
                timeout=mail_settings.SMTP_TIMEOUT,
            )
    except aiosmtplib.SMTPResponseException as exc:
        if exc.code in TEMPORARY_REPLY:
            raise TemporaryFailure(f"{exc.code} {exc.message}") from exc
        raise
    # aiosmtplib's SMTPTimeoutError is a TimeoutError too.
    except (aiosmtplib.SMTPServerDisconnected, TimeoutError) as exc:
        raise TemporaryFailure(
            str(exc) or f"No reply within {mail_settings.SMTP_TIMEOUT} s"
        ) from exc
