"""An SMTP server in the test process (aiosmtpd) that keeps what it receives."""

import asyncio
import re
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, Self, cast
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller

ACCEPTED = "250 2.0.0 OK"
# Seconds to wait for a message, checking every POLL seconds.
WAIT = 15
POLL = 0.05
# A link that carries a token: a password reset's or an address verification's.
TOKEN_LINK = re.compile(r"\S+\?token=([\w.-]+)")


class Mailbox:
    """The messages delivered to the server, and the replies it gives instead of accepting."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusals: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refusals:
            return self.refusals.pop(0)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return ACCEPTED

    def refuse(self, *replies: str) -> None:
        """Answer the next messages with these replies ("451 ..."), in order."""
        self.refusals.extend(replies)

    def clear(self) -> None:
        self.messages.clear()
        self.refusals.clear()

    async def wait_for(self, count: int = 1) -> list[EmailMessage]:
        """The first `count` messages, once they have arrived (within WAIT seconds)."""
        for _ in range(int(WAIT / POLL)):
            if len(self.messages) >= count:
                return self.messages[:count]
            await asyncio.sleep(POLL)
        raise AssertionError(f"{len(self.messages)} of {count} messages arrived in {WAIT} s")

    @classmethod
    @contextmanager
    def serving(cls, port: int) -> Iterator[Self]:
        mailbox = cls()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            yield mailbox
        finally:
            controller.stop()


def part_of(message: EmailMessage, subtype: str) -> str:
    """The decoded text of the message's text/<subtype> part."""
    body = message.get_body((subtype,))
    assert body is not None
    return str(cast(EmailMessage, body).get_content())


def text_of(message: EmailMessage) -> str:
    return part_of(message, "plain")


def link_in(message: EmailMessage) -> str:
    """The token link the message carries, as a path on this service with its query."""
    link = TOKEN_LINK.search(text_of(message))
    assert link is not None
    return urlsplit(link.group(0))._replace(scheme="", netloc="").geturl()


def token_in(message: EmailMessage) -> str:
    """The token of the link the message carries."""
    link = TOKEN_LINK.search(text_of(message))
    assert link is not None
    return link.group(1)
