"""The naming rules: which names can name the generated package, and the valid name made
from any text. The pre-generation hook checks the answers by them and suggests names made by
them; the Jinja extension derives the default project_slug with `default_slug`, so a derived
slug and every suggestion pass the same checks.

Standard library only, but for python-slugify, cookiecutter's own dependency: it runs wherever
cookiecutter does, inside the hook's process and inside cookiecutter's.
"""

from __future__ import annotations

import keyword
import sys

from slugify import slugify

# Distribution names the generated project imports; a package of the same name would shadow them.
DEPENDENCIES = frozenset(
    {
        "aiosmtpd",
        "aiosmtplib",
        "alembic",
        "amqp",
        "anyio",
        "argon2",
        "asyncpg",
        "billiard",
        "celery",
        "click",
        "email_validator",
        "fastapi",
        "httpx",
        "jinja2",
        "jwt",
        "kombu",
        "limits",
        "multipart",
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
        "schemathesis",
        "sentry_sdk",
        "slowapi",
        "sqlalchemy",
        "starlette",
        "structlog",
        "uvicorn",
        "uvloop",
        "vine",
    }
)
# `test` is the standard library's own test package, though not in stdlib_module_names.
STDLIB = sys.stdlib_module_names | {"test"}
# Longer names push the generated imports past the line length the project's ruff enforces.
MAX_NAME_LENGTH = 40
# A name that cannot start an identifier gets this word in front of it.
NAME_PREFIX = "service"
# The default slug of a name with no letters or digits: a directory name cookiecutter can
# create (an empty one would be the output directory itself) that the slug check refuses.
NAMELESS_SLUG = "name-without-letters"


def shorten(name: str) -> str:
    """The name cut at a word boundary to fit MAX_NAME_LENGTH."""
    kept = ""
    for word in name.split("_"):
        longer = f"{kept}_{word}" if kept else word
        if len(longer) > MAX_NAME_LENGTH:
            break
        kept = longer
    return kept or name[:MAX_NAME_LENGTH].rstrip("_")


def derive_slug(name: str) -> str:
    """A valid package name made from any text, or "" when it has no letters or digits.

    Transliterates to ASCII, joins the words with `_`, and steers clear of digits in
    front, keywords, the standard library and the project's own dependencies.
    """
    slug = slugify(name, separator="_")
    if not slug:
        return ""
    if slug[0].isdigit():
        slug = f"{NAME_PREFIX}_{slug}"
    slug = shorten(slug)
    if slug in STDLIB or slug in DEPENDENCIES or keyword.iskeyword(slug):
        slug = shorten(f"{slug}_{NAME_PREFIX}")
    return slug


def default_slug(name: str) -> str:
    """The project_slug cookiecutter offers for a project_name (see NAMELESS_SLUG)."""
    return derive_slug(name) or NAMELESS_SLUG


def identifier_problem(name: str) -> str | None:
    """What keeps `name` from being the generated package's name, if anything."""
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if not name.isidentifier() or not name.isascii():
        return "is not a lowercase Python identifier"
    if name != name.lower():
        return "is not a lowercase Python identifier"
    if len(name) > MAX_NAME_LENGTH:
        return f"is longer than {MAX_NAME_LENGTH} characters"
    if name in STDLIB:
        return "shadows a standard library module"
    if name in DEPENDENCIES:
        return "shadows a dependency of the generated project"
    return None
