"""E-mail: each message has a plain-text and an HTML part; SMTP replies say what to retry."""

import time
from email.message import EmailMessage

import aiosmtplib
import pytest

from {{ cookiecutter.package_name }}.auth import recovery
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.mail import messages
from {{ cookiecutter.package_name }}.mail.config import mail_settings
from {{ cookiecutter.package_name }}.mail.sender import TemporaryFailure, send

from .utils import free_port
from .utils.mailbox import Mailbox, part_of, text_of
from .utils.stand_ins import hung_server

LINK = "https://example.com/verify?token=abc"


def welcome(full_name: str | None = None) -> EmailMessage:
    return messages.welcome("user@example.com", full_name, LINK, 60 * 48)


def test_password_reset_message_has_the_link_in_both_parts() -> None:
    message = recovery.reset_message("user@example.com", "https://example.com/r?token=abc")

    assert message["To"] == "user@example.com"
    assert message["From"] == mail_settings.MAIL_FROM
    assert "https://example.com/r?token=abc" in text_of(message)
    assert 'href="https://example.com/r?token=abc"' in part_of(message, "html")


def test_html_part_escapes_what_it_is_given() -> None:
    message = welcome("<b>Ada</b>")

    assert "&lt;b&gt;Ada&lt;/b&gt;" in part_of(message, "html")
    assert "<b>Ada</b>" in text_of(message)


def test_welcome_carries_the_verification_link_and_its_lifetime() -> None:
    message = welcome()

    assert f"{LINK}\n" in text_of(message)
    assert "within 48 hours" in text_of(message)
    assert f'href="{LINK}"' in part_of(message, "html")


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(1, "1 minute"), (30, "30 minutes"), (60, "1 hour"), (90, "90 minutes"), (2880, "48 hours")],
)
def test_a_lifetime_is_said_in_the_largest_whole_unit(minutes: int, said: str) -> None:
    assert messages.lasting(minutes) == said


async def test_message_is_delivered_over_smtp(smtp_server: Mailbox) -> None:
    smtp_server.clear()

    await send(welcome())

    (received,) = await smtp_server.wait_for(1)
    assert received["Subject"] == f"Welcome to {core_settings.PROJECT_NAME}"


async def test_a_4xx_reply_is_a_temporary_failure(smtp_server: Mailbox) -> None:
    smtp_server.clear()
    smtp_server.refuse("451 4.3.0 Try again later")

    with pytest.raises(TemporaryFailure, match="451"):
        await send(welcome())


async def test_a_5xx_reply_is_a_failure_for_good(smtp_server: Mailbox) -> None:
    smtp_server.clear()
    smtp_server.refuse("550 5.1.1 No such user")

    with pytest.raises(aiosmtplib.SMTPResponseException) as raised:
        await send(welcome())
    assert not isinstance(raised.value, TemporaryFailure)


async def test_a_server_that_is_down_is_a_connection_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mail_settings, "SMTP_PORT", free_port())

    with pytest.raises(ConnectionError):
        await send(welcome())


async def test_a_server_that_never_answers_is_a_temporary_failure_within_smtp_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mail_settings, "SMTP_TIMEOUT", 0.5)
    async with hung_server() as smtp:
        monkeypatch.setattr(mail_settings, "SMTP_PORT", smtp.port)
        started = time.monotonic()

        with pytest.raises(TemporaryFailure):
            await send(welcome())
        elapsed = time.monotonic() - started

    assert elapsed < mail_settings.SMTP_TIMEOUT + 2
