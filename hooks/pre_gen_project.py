"""Validate the answers before anything is written; print one line per problem and exit 1.

cookiecutter renders this file before running it. What it renders sits inside the raw string
literals below, so the file is plain Python either way: the template's tests import it, and
its Jinja extension (hooks/extension.py) derives the default project_slug with `default_slug`,
so a derived slug and every suggestion printed here pass the same checks.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from slugify import slugify  # python-slugify: cookiecutter's own dependency

ANSWERS_JSON = r"""{{ cookiecutter | jsonify }}"""
# Chosen features the manifest marks as not built yet, each with the answers that chose it.
UNBUILT_JSON = r"""{{ cookiecutter | unbuilt_features | tojson }}"""

Answers = dict[str, Any]
Check = Callable[[Answers], "str | None"]

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
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
VERSION = re.compile(r"^\d+(\.\d+){0,2}([abc]|rc)?\d*$")
# Characters no single-line answer may hold: controls, surrogates, line and paragraph breaks.
UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
# The free-text answers, each with an example for the message that refuses a blank one.
FREE_TEXT = {
    "project_name": "Order Service",
    "description": "Tracks orders from checkout to delivery.",
    "author_name": "Ada Lovelace",
}


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
    if not name.isidentifier() or not name.isascii() or keyword.iskeyword(name):
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


def check_identifier(key: str) -> Check:
    """Check that the answer under `key` can name the package, suggesting one that can."""

    def check(answers: Answers) -> str | None:
        name = answers[key]
        if key == "package_name" and name == answers["project_slug"]:
            return None  # derived from the slug, whose check already speaks for it
        if not name:
            return f"{key} is empty; give it a lowercase Python identifier"
        if key == "project_slug" and name == NAMELESS_SLUG:
            if not answers["project_name"].strip():
                return None  # derived from the name, whose check already speaks for it
            return (
                f"project_name '{answers['project_name']}' has no letters or digits to make"
                " a project_slug from; set project_slug=<name> as well"
            )
        problem = identifier_problem(name)
        if problem is None:
            return None
        suggestion = derive_slug(name)
        fix = f"try {key}={suggestion}" if suggestion else "use lowercase letters, digits and _"
        return f"{key} '{name}' {problem}; {fix}"

    check.__name__ = f"check_{key}"
    return check


def check_free_text(key: str) -> Check:
    """Check that a free-text answer is one line of printable text and not blank."""

    def check(answers: Answers) -> str | None:
        text = answers[key]
        if not text.strip():
            return f"{key} is empty; write one line of text, e.g. {key}='{FREE_TEXT[key]}'"
        if any(unicodedata.category(char) in UNPRINTABLE_CATEGORIES for char in text):
            return f"{key} holds a line break or control character; write it on one line"
        return None

    check.__name__ = f"check_{key}"
    return check


def check_author_name_has_no_comma(answers: Answers) -> str | None:
    if "," in answers["author_name"]:
        return (
            "author_name cannot hold a comma (pyproject.toml's authors field forbids it);"
            " write it without one"
        )
    return None


def check_email(answers: Answers) -> str | None:
    email = answers["author_email"]
    if not EMAIL.match(email):
        return f"author_email '{email}' is not an email address; use the form name@example.com"
    return None


def check_version(answers: Answers) -> str | None:
    version = answers["version"]
    if not VERSION.match(version):
        return f"version '{version}' is not a release version; use the form 0.1.0"
    return None


# Answers that cannot go together, each refused with what to choose instead. The template's
# tests read this table too: their pairwise set of gated bakes leaves out exactly these.
INCOMPATIBLE: list[tuple[Answers, str]] = [
    (
        {"use_kubernetes": True, "use_docker": False},
        "use_kubernetes=true needs an image to deploy; set use_docker=true as well",
    ),
    (
        {"use_kubernetes": True, "database": "sqlite"},
        "use_kubernetes=true with database=sqlite would give each pod its own data;"
        " choose database=postgresql",
    ),
    (
        {"websockets": "local", "use_kubernetes": True},
        "websockets=local keeps each room in one process, but use_kubernetes=true runs"
        " several replicas; choose websockets=redis",
    ),
]


def check_compatible(together: Answers, message: str) -> Check:
    """Refuse the answers in `together` when every one of them is chosen."""

    def check(answers: Answers) -> str | None:
        if all(answers[key] == value for key, value in together.items()):
            return message
        return None

    check.__name__ = "check_not_" + "_with_".join(
        f"{key}_{value}" for key, value in together.items()
    )
    return check


CHECKS: list[Check] = [
    *(check_free_text(key) for key in FREE_TEXT),
    check_author_name_has_no_comma,
    check_identifier("project_slug"),
    check_identifier("package_name"),
    check_email,
    check_version,
    *(check_compatible(together, message) for together, message in INCOMPATIBLE),
]


def unbuilt_errors(unbuilt: dict[str, str]) -> list[str]:
    """One refusal per chosen feature whose code does not exist yet."""
    return [
        f"{name.replace('_', ' ')} is not available in this template yet;"
        f" answer so that it is off ({chosen_by} turns it on)"
        for name, chosen_by in unbuilt.items()
    ]


def errors(answers: Answers, unbuilt: dict[str, str]) -> list[str]:
    """Every problem with the answers, in the order the checks run."""
    found = [error for check in CHECKS if (error := check(answers))]
    return found + unbuilt_errors(unbuilt)


def main() -> int:
    problems = errors(json.loads(ANSWERS_JSON), json.loads(UNBUILT_JSON))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
