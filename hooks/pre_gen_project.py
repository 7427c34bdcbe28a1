"""Validate the answers before anything is written; print one line per problem and exit 1."""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Callable

ANSWERS = json.loads({{ cookiecutter | jsonify | tojson }})
# Chosen features the manifest marks as not built yet, from hooks/features.py.
UNBUILT: dict[str, str] = json.loads({{ cookiecutter | unbuilt_features | tojson | tojson }})

# Distribution names the generated project imports; a package of the same name would shadow them.
DEPENDENCIES = {
    "alembic",
    "anyio",
    "argon2",
    "asyncpg",
    "celery",
    "click",
    "fastapi",
    "httpx",
    "jwt",
    "kombu",
    "limits",
    "mypy",
    "opentelemetry",
    "orjson",
    "prometheus_client",
    "pwdlib",
    "pydantic",
    "pydantic_settings",
    "pytest",
    "redis",
    "ruff",
    "slowapi",
    "sqlalchemy",
    "starlette",
    "structlog",
    "uvicorn",
    "uvloop",
}
# `test` is the standard library's own test package, though not in stdlib_module_names.
STDLIB = sys.stdlib_module_names | {"test"}
# Longer names push the generated imports past the line length the project's ruff enforces.
MAX_NAME_LENGTH = 40
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
VERSION = re.compile(r"^\d+(\.\d+){0,2}([abc]|rc)?\d*$")

Check = Callable[[dict], "str | None"]


def suggest(name: str) -> str:
    cleaned = re.sub(r"\W+", "_", name.strip().lower()).strip("_")
    if not cleaned or cleaned[0].isdigit():
        cleaned = f"service_{cleaned}".rstrip("_")
    if cleaned in STDLIB or cleaned in DEPENDENCIES or keyword.iskeyword(cleaned):
        cleaned = f"{cleaned}_service"
    return shorten(cleaned)


def shorten(name: str) -> str:
    """The name cut at a word boundary to fit MAX_NAME_LENGTH."""
    kept = ""
    for word in name.split("_"):
        longer = f"{kept}_{word}" if kept else word
        if len(longer) > MAX_NAME_LENGTH:
            break
        kept = longer
    return kept or name[:MAX_NAME_LENGTH]


def check_identifier(key: str) -> Check:
    def check(answers: dict) -> str | None:
        name = answers[key]
        if key == "package_name" and name == answers["project_slug"]:
            return None  # derived from the slug, whose check already speaks for it
        if not name.isidentifier() or keyword.iskeyword(name) or name != name.lower():
            problem = "is not a lowercase Python identifier"
        elif len(name) > MAX_NAME_LENGTH:
            problem = f"is longer than {MAX_NAME_LENGTH} characters"
        elif name in STDLIB:
            problem = "shadows a standard library module"
        elif name in DEPENDENCIES:
            problem = "shadows a dependency of the generated project"
        else:
            return None
        return f"{key} '{name}' {problem}; try {key}={suggest(name)}"

    return check


def check_project_name(answers: dict) -> str | None:
    if not answers["project_name"].strip():
        return "project_name is empty; give the service a name, e.g. project_name='Order Service'"
    return None


def check_email(answers: dict) -> str | None:
    email = answers["author_email"]
    if not EMAIL.match(email):
        return f"author_email '{email}' is not an email address; use the form name@example.com"
    return None


def check_version(answers: dict) -> str | None:
    version = answers["version"]
    if not VERSION.match(version):
        return f"version '{version}' is not a release version; use the form 0.1.0"
    return None


def unbuilt_errors() -> list[str]:
    return [
        f"{name.replace('_', ' ')} is not available in this template yet;"
        f" answer so that it is off ({chosen_by} turns it on)"
        for name, chosen_by in UNBUILT.items()
    ]


def check_kubernetes_needs_docker(answers: dict) -> str | None:
    if answers["use_kubernetes"] and not answers["use_docker"]:
        return "use_kubernetes=true needs an image to deploy; set use_docker=true as well"
    return None


def check_kubernetes_needs_server_database(answers: dict) -> str | None:
    if answers["use_kubernetes"] and answers["database"] == "sqlite":
        return (
            "use_kubernetes=true with database=sqlite would give each pod its own data; "
            "choose database=postgresql"
        )
    return None


CHECKS: list[Check] = [
    check_project_name,
    check_identifier("project_slug"),
    check_identifier("package_name"),
    check_email,
    check_version,
    check_kubernetes_needs_docker,
    check_kubernetes_needs_server_database,
]


def main() -> int:
    errors = [error for check in CHECKS if (error := check(ANSWERS))]
    errors += unbuilt_errors()
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
