"""E-mail tasks on a real worker: a busy SMTP server is retried, a refusal fails for good."""

import pytest

from {{ cookiecutter.package_name }}.mail import messages, tasks

from .utils.mailbox import Mailbox, part_of
from .utils.worker import ready

pytestmark = pytest.mark.usefixtures("worker")

WELCOME = messages.welcome("user@example.com", "Zoë", "https://example.com/v?token=abc", 60)


def test_a_message_composed_by_the_web_process_arrives_whole(mailbox: Mailbox) -> None:
    assert ready(tasks.send_message.delay(WELCOME.as_string())).state == "SUCCESS"

    (received,) = mailbox.messages
    assert (received["To"], received["Subject"]) == (WELCOME["To"], WELCOME["Subject"])
    for subtype in ("plain", "html"):  # SMTP carries lines ending in CRLF
        assert part_of(received, subtype).splitlines() == part_of(WELCOME, subtype).splitlines()


def test_welcome_is_retried_after_a_4xx_and_then_delivered(mailbox: Mailbox) -> None:
    mailbox.refuse("451 4.3.0 Try again later")

    assert ready(tasks.send_message.delay(WELCOME.as_string())).state == "SUCCESS"

    assert [message["To"] for message in mailbox.messages] == ["user@example.com"]


def test_welcome_fails_for_good_when_the_server_stays_busy(mailbox: Mailbox) -> None:
    mailbox.refuse(*["451 4.3.0 Try again later"] * 10)

    result = tasks.send_message.delay(WELCOME.as_string())
    ready(result)

    assert result.state == "FAILURE"
    assert mailbox.messages == []


def test_welcome_refused_for_good_is_not_retried(mailbox: Mailbox) -> None:
    mailbox.refuse("550 5.1.1 No such user", "451 4.3.0 Not reached")

    result = tasks.send_message.delay(WELCOME.as_string())
    ready(result)

    assert result.state == "FAILURE"
    assert mailbox.refusals == ["451 4.3.0 Not reached"]
