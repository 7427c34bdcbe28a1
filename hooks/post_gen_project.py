"""Remove the files of features that were not chosen and write a local .env with fresh secrets."""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

# Paths owned only by features that were not chosen, from hooks/features.json.
UNCHOSEN_PATHS: list[str] = json.loads({{ cookiecutter | paths_to_remove | tojson | tojson }})

PLACEHOLDER = "changethis"


def prune(project: Path) -> None:
    for relative in UNCHOSEN_PATHS:
        path = project / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def write_env(project: Path) -> None:
    """Copy .env.example to .env, giving every placeholder secret its own random value."""
    env = project / ".env"
    if env.exists():
        return
    lines = (project / ".env.example").read_text(encoding="utf-8").splitlines(keepends=True)
    env.write_text(
        "".join(line.replace(PLACEHOLDER, secrets.token_urlsafe(32)) for line in lines),
        encoding="utf-8",
    )


if __name__ == "__main__":
    project = Path.cwd()
    prune(project)
    write_env(project)
