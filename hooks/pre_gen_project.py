"""Validate the answers before anything is written; print one line per problem and exit 1.

cookiecutter renders this file before running it. What it renders sits inside the raw string
literals below, so the file is plain Python either way: the template's tests import it. The
naming rules it checks slugs and package names by are hooks/naming.py's, which the Jinja
extension derives the default project_slug with, so a derived slug and every suggestion
printed here pass the same checks.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

ANSWERS_JSON = r"""{{ cookiecutter | jsonify }}"""
# The checkout being rendered, as an absolute path (cookiecutter's own _repo_dir is relative
# to where it was started, and this file runs in the new project's directory).
TEMPLATE_ROOT = r"""{{ template_root }}"""

try:
    from hooks.naming import NAMELESS_SLUG, derive_slug, identifier_problem
except ModuleNotFoundError:
    # cookiecutter runs a rendered copy of this file from a temporary directory: the naming
    # rules are imported from the checkout being rendered.
    sys.path.insert(0, TEMPLATE_ROOT)
    from hooks.naming import NAMELESS_SLUG, derive_slug, identifier_problem

Answers = dict[str, Any]
Check = Callable[[Answers], "str | None"]

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
    (
        {"use_admin": True, "auth": "api_key"},
        "use_admin=true opens the admin to users by their roles, which auth=api_key does not"
        " have; choose auth=jwt",
    ),
    (
        {"use_admin": True, "auth": "none"},
        "use_admin=true opens the admin to users by their roles, which auth=none does not"
        " have; choose auth=jwt",
    ),
    (
        {"use_admin": True, "use_pages": False},
        "use_admin=true signs in through the pages' sign-in; set use_pages=true as well",
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


def errors(answers: Answers) -> list[str]:
    """Every problem with the answers, in the order the checks run."""
    return [error for check in CHECKS if (error := check(answers))]


def main() -> int:
    problems = errors(json.loads(ANSWERS_JSON))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
