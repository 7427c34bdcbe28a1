"""`make mail`: the catcher prints what the service sends, its links whole."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.mail import messages
from {{ cookiecutter.package_name }}.mail.config import mail_settings
from {{ cookiecutter.package_name }}.mail.sender import send

from .utils import free_port

PROJECT = Path(__file__).resolve().parents[1]
# Long enough that the message's text is quoted-printable, with its lines broken.
LINK = f"http://localhost:8000/verify-email?token={'t0k3n.' * 30}end"


async def next_line(stream: asyncio.StreamReader) -> str:
    return (await asyncio.wait_for(stream.readline(), timeout=15)).decode()


async def test_the_catcher_prints_each_message_with_its_links_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    catcher = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "scripts.mail_catcher", "--port", str(port)),
        cwd=PROJECT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert catcher.stdout is not None
    try:
        assert (await next_line(catcher.stdout)).startswith(f"Catching mail on 127.0.0.1:{port}")
        monkeypatch.setattr(mail_settings, "SMTP_HOST", "127.0.0.1")
        monkeypatch.setattr(mail_settings, "SMTP_PORT", port)

        await send(messages.welcome("ada@example.com", "Ada", LINK, 60))

        printed = [await next_line(catcher.stdout)]
        while LINK not in printed[-1] and len(printed) < 100:
            printed.append(await next_line(catcher.stdout))
    finally:
        catcher.send_signal(signal.SIGINT)
        stopped = await asyncio.wait_for(catcher.wait(), timeout=15)

    assert "To: ada@example.com\n" in printed
    assert any(line.startswith("Subject: ") for line in printed)
    assert LINK in printed[-1]
    assert stopped == 0
