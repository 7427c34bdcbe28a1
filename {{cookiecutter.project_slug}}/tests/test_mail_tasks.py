"""E-mail tasks on a real worker: a busy SMTP server is retried, a refusal fails for good."""

import pytest

from {{ cookiecutter.package_name }}.mail import tasks

from .utils.mailbox import Mailbox
from .utils.worker import ready

pytestmark = pytest.mark.usefixtures("worker")


def test_welcome_is_retried_after_a_4xx_and_then_delivered(mailbox: Mailbox) -> None:
    mailbox.refuse("451 4.3.0 Try again later")

    assert ready(tasks.send_welcome.delay("user@example.com", None)).state == "SUCCESS"

    assert [message["To"] for message in mailbox.messages] == ["user@example.com"]


def test_welcome_fails_for_good_when_the_server_stays_busy(mailbox: Mailbox) -> None:
    mailbox.refuse(*["451 4.3.0 Try again later"] * 10)

    result = tasks.send_welcome.delay("user@example.com", None)
    ready(result)

    assert result.state == "FAILURE"
    assert mailbox.messages == []


def test_welcome_refused_for_good_is_not_retried(mailbox: Mailbox) -> None:
    mailbox.refuse("550 5.1.1 No such user", "451 4.3.0 Not reached")

    result = tasks.send_welcome.delay("user@example.com", None)
    ready(result)

    assert result.state == "FAILURE"
    assert mailbox.refusals == ["451 4.3.0 Not reached"]
