"""Send a message over SMTP (aiosmtplib), telling failures worth a retry from the rest."""

from email.message import EmailMessage

from ..settings import settings

# Replies in the 4xx range mean "not now": a full mailbox, a greylisting server.
TEMPORARY_REPLY = range(400, 500)


class TemporaryFailure(Exception):
    """The SMTP server could not take the message now; sending it later may succeed."""


async def send(message: EmailMessage) -> None:
    # Imported on first use, like Jinja2: only the requests that send mail need them.
    import aiosmtplib

    try:
        await aiosmtplib.send(
            message,
            hostname=settings.SMTP_HOST,
            port=settings.SMTP_PORT,
            username=settings.SMTP_USER,
            password=settings.SMTP_PASSWORD,
            start_tls=settings.SMTP_STARTTLS,
            use_tls=settings.SMTP_TLS,
            timeout=settings.SMTP_TIMEOUT,
        )
    except aiosmtplib.SMTPResponseException as exc:
        if exc.code in TEMPORARY_REPLY:
            raise TemporaryFailure(f"{exc.code} {exc.message}") from exc
        raise
    except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError) as exc:
        raise TemporaryFailure(str(exc)) from exc
