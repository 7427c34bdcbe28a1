"""Remove the files of features that were not chosen, assemble .env.example from the chosen
features' parts, write a local .env with fresh secrets, record the answers in .cruft.json and
narrow uv.lock to the project; then say what to run.

cookiecutter renders this file before running it; what it renders sits inside the raw
string literals below, so the file is plain Python either way and its functions are tested
on their own.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
from pathlib import Path

# Paths owned only by features that were not chosen, from hooks/features.json.
UNCHOSEN_PATHS_JSON = r"""{{ cookiecutter | paths_to_remove | tojson }}"""
# The features the answers turn on, in the manifest's order.
FEATURES_JSON = r"""{{ cookiecutter | enabled_features | tojson }}"""
# The answers and the template's commit as cruft records them; null when cruft is baking (for
# `cruft create`, or the two renders of `cruft update`), as it writes the file itself.
CRUFT_STATE_JSON = r"""{{ cookiecutter | cruft_state | tojson }}"""

PLACEHOLDER = "changethis"
# Each feature documents its own settings in .env.example.d/<feature>.env; core.env comes first.
ENV_PARTS = ".env.example.d"
# Seconds `uv lock` may take; it asks the package index about the project's dependencies.
LOCK_TIMEOUT = 120


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


def record_answers(project: Path, state: dict[str, object] | None) -> None:
    """Write .cruft.json as cruft does, so `cruft update` can follow the template later."""
    if state is not None:
        text = json.dumps(state, ensure_ascii=False, indent=2, separators=(",", ": "))
        (project / ".cruft.json").write_text(text + "\n", encoding="utf-8")


def narrow_lock(project: Path, *, online: bool = True) -> bool:
    """uv.lock arrives holding the template's pinned set for every answer: have uv narrow it to
    this project's dependencies, which keeps the versions it holds. From uv's cache when that
    has what it needs, else, when `online`, from the package index. Returns whether uv did.
    """
    uv = shutil.which("uv")
    if uv is None:
        return False
    for offline in (["--offline"], []) if online else (["--offline"],):
        try:
            subprocess.run(
                [uv, "lock", "--quiet", *offline],
                cwd=project,
                check=True,
                capture_output=True,
                timeout=LOCK_TIMEOUT,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return True
    return False


def next_steps(project: Path) -> str:
    """What to do after the bake: the commands the project's README opens with, in its
    directory, and where the docs are.
    """
    readme = (project / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = "".join(f"  {line}\n" for line in block.splitlines())
    return (
        f"Created {project.name}/. Next:\n\n  cd {project.name}\n{commands}\n"
        "The first serves the API on http://127.0.0.1:8000 (its docs at /docs), the second runs"
        " the tests; README.md says the rest."
    )


def main() -> None:
    project = Path.cwd()
    prune(project, json.loads(UNCHOSEN_PATHS_JSON))
    assemble_env_example(project, json.loads(FEATURES_JSON))
    write_env(project)
    state = json.loads(CRUFT_STATE_JSON)
    record_answers(project, state)
    # Under cruft, which skips uv.lock on updates (pyproject.toml's [tool.cruft]), stay offline.
    if not narrow_lock(project, online=state is not None):
        print("uv.lock lists every answer's dependencies; the first `uv sync` narrows it to yours")
    if state is not None:  # a new project from cookiecutter, not a render of cruft's
        print(next_steps(project))


if __name__ == "__main__":
    main()
