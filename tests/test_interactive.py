"""The interactive run, as a person answers cookiecutter's prompts in a terminal: every
question once, in cookiecutter.json's order; one deployment question, so no Kubernetes
question follows a declined image; and a bake of exactly what was typed, ending with the
next steps.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pexpect
import pytest

from .helpers import TEMPLATE, project_env, tool

QUESTIONS = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
PROMPTS = QUESTIONS["__prompts__"]
# What a newcomer types: a name, API keys, rooms in one process, no deployment files; Enter
# for everything else.
TYPED = {"project_name": "Order Desk", "auth": "api_key", "websockets": "local"}
TYPED |= {"deployment": "none"}


def title(key: str) -> str:
    prompt = PROMPTS[key]
    return prompt["__prompt__"] if isinstance(prompt, dict) else prompt


def reply(key: str) -> str:
    """What is typed at the question: a choice by its number, text as it is, else Enter."""
    if key not in TYPED:
        return ""
    if isinstance(QUESTIONS[key], list):
        return str(QUESTIONS[key].index(TYPED[key]) + 1)
    return str(TYPED[key])


@pytest.mark.slow
def test_an_interactive_run_asks_each_question_once_and_bakes_what_was_typed(
    tmp_path: Path,
) -> None:
    child = pexpect.spawn(
        tool("cookiecutter"),
        [str(TEMPLATE), "--output-dir", str(tmp_path)],
        env=project_env() | {"TERM": "dumb", "NO_COLOR": "1"},  # plain text, no styles
        encoding="utf-8",
        timeout=120,
        dimensions=(50, 200),
    )
    asked = []
    keys = [key for key in QUESTIONS if not key.startswith("_")]
    for key in keys:
        child.expect(r"\[(\d+)/(\d+)\] ")
        number, total = (int(group) for group in child.match.groups())
        child.expect(r"\(([^()\r\n]*)\): ")
        # The question's first line (a choice lists its options below it), unwrapped, without
        # the [y/n] a yes-or-no question shows.
        asked.append(" ".join(child.before.split("\r\n")[0].split()).removesuffix(" [y/n]"))
        assert (number, total) == (len(asked), len(keys))
        child.sendline(reply(key))
    child.expect(pexpect.EOF)
    child.close()
    output = " ".join(child.before.split())

    assert child.exitstatus == 0, output
    assert asked == [" ".join(title(key).split()) for key in keys]
    assert [question for question in asked if "Kubernetes" in question] == []
    assert "Created order_desk/. Next:" in output
    project = tmp_path / "order_desk"
    recorded = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    assert {key: recorded["context"]["cookiecutter"][key] for key in TYPED} == TYPED
    assert not (project / "Dockerfile").exists()
    assert re.search(r"API_KEY_HASHES=", (project / ".env").read_text(encoding="utf-8"))
