"""The pinned set: every dependency any answer gives a baked project, gathered in one project,
`pinned/`, whose `uv.lock` holds the versions the gates last passed with.

A bake starts from that lock, and the post-generation hook narrows it to the bake's own
dependencies at the same versions. The set moves forward only through the upgrade run
(`.ci/upgrade`: `uv lock --upgrade` here, then every gate).

    uv run python -m tests.pinned                  # rewrite pinned/pyproject.toml, then uv lock
    uv run python -m tests.pinned changes OLD NEW  # what moved between two locks
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from hooks import quoting

from .helpers import DEFAULTS, TEMPLATE
from .matrix import CHOICES

PINNED = TEMPLATE / "pinned"
PROJECT_PYPROJECT = TEMPLATE / "{{cookiecutter.project_slug}}" / "pyproject.toml"
HEADER = """\
# Every dependency any answer gives the generated project, with the template's bounds: written
# by `uv run python -m tests.pinned` from {{cookiecutter.project_slug}}/pyproject.toml rendered
# with every feature on. Its uv.lock is the pinned set every bake starts from.
"""


class EveryFeature:
    """Stands in for the chosen features: every `{% if "name" in features %}` holds."""

    def __contains__(self, name: object) -> bool:
        return True


def project_with_every_feature() -> dict[str, Any]:
    """The generated pyproject.toml rendered with every feature on, parsed."""
    environment = Environment(keep_trailing_newline=True, undefined=StrictUndefined)
    environment.filters["toml_str"] = quoting.toml_str
    template = environment.from_string(PROJECT_PYPROJECT.read_text(encoding="utf-8"))
    return tomllib.loads(template.render(cookiecutter=DEFAULTS, features=EveryFeature()))


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower()


def toml_list(name: str, items: list[str]) -> str:
    lines = "".join(f'    "{item}",\n' for item in sorted(items, key=requirement_name))
    return f"{name} = [\n{lines}]\n"


def pinned_pyproject() -> str:
    """What pinned/pyproject.toml should say for the template as it is."""
    project = project_with_every_feature()
    oldest_python = min(CHOICES["python_version"], key=lambda version: version.split("."))
    return (
        HEADER
        + '\n[project]\nname = "pinned"\nversion = "0"\n'
        + f'requires-python = ">={oldest_python}"\n'
        + toml_list("dependencies", project["project"]["dependencies"])
        + "\n[dependency-groups]\n"
        + toml_list("dev", project["dependency-groups"]["dev"])
        + "\n[tool.uv]\npackage = false\n"
    )


def locked_versions(lock: Path) -> dict[str, str]:
    """Each package in a uv.lock with its version (the project itself left out)."""
    packages = tomllib.loads(lock.read_text(encoding="utf-8"))["package"]
    return {
        package["name"]: package["version"]
        for package in packages
        if "registry" in package.get("source", {})
    }


def changes(old: Path, new: Path) -> list[str]:
    """One line per package added, removed or moved between two locks."""
    before, after = locked_versions(old), locked_versions(new)
    return [
        f"{name} {before.get(name, '(new)')} -> {after.get(name, '(gone)')}"
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    ]


def main(args: list[str]) -> int:
    if args[:1] == ["changes"]:
        print("\n".join(changes(Path(args[1]), Path(args[2]))) or "nothing moved")
        return 0
    (PINNED / "pyproject.toml").write_text(pinned_pyproject(), encoding="utf-8")
    return subprocess.run(["uv", "lock", "--project", str(PINNED)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
