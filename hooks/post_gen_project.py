"""Remove the files of features that were not chosen, assemble .env.example from the chosen
features' parts, and write a local .env with fresh secrets.

cookiecutter renders this file before running it; what it renders sits inside the raw
string literals below, so the file is plain Python either way and its functions are tested
on their own.
"""

from __future__ import annotations

import json
import secrets
import shutil
from pathlib import Path

# Paths owned only by features that were not chosen, from hooks/features.json.
UNCHOSEN_PATHS_JSON = r"""{{ cookiecutter | paths_to_remove | tojson }}"""
# The features the answers turn on, in the manifest's order.
FEATURES_JSON = r"""{{ cookiecutter | enabled_features | tojson }}"""

PLACEHOLDER = "changethis"
# Each feature documents its own settings in .env.example.d/<feature>.env; core.env comes first.
ENV_PARTS = ".env.example.d"


def prune(project: Path, paths: list[str]) -> None:
    """Delete these project-relative files and directories; missing ones are fine."""
    for relative in paths:
        path = project / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def assemble_env_example(project: Path, features: list[str]) -> None:
    """Join core.env and the chosen features' parts into .env.example, then drop the parts."""
    parts = project / ENV_PARTS
    names = ["core", *features]
    texts = [
        (parts / f"{name}.env").read_text(encoding="utf-8").strip()
        for name in names
        if (parts / f"{name}.env").is_file()
    ]
    (project / ".env.example").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    shutil.rmtree(parts)


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


def main() -> None:
    project = Path.cwd()
    prune(project, json.loads(UNCHOSEN_PATHS_JSON))
    assemble_env_example(project, json.loads(FEATURES_JSON))
    write_env(project)


if __name__ == "__main__":
    main()
