"""Where a bake came from, in the file cruft reads to update it: `.cruft.json`.

cruft writes the file itself when it bakes (`cruft create`) and after each update; a plain
`cookiecutter` bake gets the same file from the post-generation hook, so every project can
follow the template. Computed while rendering, in cookiecutter's own process, where a local
template's relative path and its git checkout still resolve.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cookiecutter.config import BUILTIN_ABBREVIATIONS
from cookiecutter.repository import expand_abbreviations, is_repo_url

# Seconds `git rev-parse` may take on the template's checkout.
GIT_TIMEOUT = 10


def template_source(template: str) -> str:
    """The template as cruft can clone it again: `gh:owner/repo` spelled out, a local path made
    absolute, and any user or token in a URL left out (they are secrets, and cruft asks git,
    whose own credential store supplies them).
    """
    expanded = expand_abbreviations(template, BUILTIN_ABBREVIATIONS)
    if not is_repo_url(expanded):
        return str(Path(expanded).expanduser().resolve())
    parts = urlsplit(expanded)
    if parts.username is None:
        return expanded
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def template_commit(repo_dir: str) -> str | None:
    """The commit the template's checkout is at, or None when it is not a git checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--verify", "HEAD"],
            cwd=Path(repo_dir).expanduser(),
            capture_output=True,
            text=True,
            check=True,
            timeout=GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def cruft_state(cookiecutter: dict[str, Any]) -> dict[str, Any] | None:
    """What `cruft create` would have written for these answers, or None when cruft is the one
    baking (it records `_commit`, and writes the file itself).
    """
    if "_commit" in cookiecutter:
        return None
    template = template_source(cookiecutter["_template"])
    answers = {key: value for key, value in cookiecutter.items() if not key.startswith("_")}
    commit = template_commit(cookiecutter.get("_repo_dir") or cookiecutter["_template"])
    return {
        "template": template,
        "commit": commit,
        "checkout": cookiecutter.get("_checkout"),
        "context": {"cookiecutter": {**answers, "_template": template, "_commit": commit}},
        "directory": None,
    }
