"""Catch the service's e-mail in development: `make mail` listens where the default settings
send it (SMTP on 127.0.0.1:1025, where compose runs Mailpit instead) and prints each message,
its text decoded so a link can be opened as it is, rather than delivering it anywhere.
"""

import argparse
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

ACCEPTED = "250 2.0.0 OK"


def describe(message: EmailMessage) -> str:
    """The message's headers that matter and its plain text (or its HTML, if it has no text)."""
    body = message.get_body(("plain", "html"))
    text = body.get_content() if isinstance(body, EmailMessage) else "(no text)"
    return "\n".join(
        (
            f"--- {message['Date']}",
            f"From: {message['From']}",
            f"To: {message['To']}",
            f"Subject: {message['Subject']}",
            "",
            text.rstrip(),
            "",
        )
    )


class Printer:
    """An aiosmtpd handler that prints every message it is given and accepts it."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        print(describe(message), flush=True)  # noqa: T201
        return ACCEPTED


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    args = parser.parse_args(argv)
    controller = Controller(Printer(), hostname=args.host, port=args.port)
    controller.start()
    print(f"Catching mail on {args.host}:{args.port}; Ctrl+C stops.", flush=True)  # noqa: T201
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
