"""Validate the answers before anything is written; print one line per problem, then the
command that runs again with the same answers, corrected where a problem has one fix, and exit 1.

cookiecutter renders this file before running it. What it renders sits inside the raw string
literals below, so the file is plain Python either way: the template's tests import it. The
naming rules it checks slugs and package names by are hooks/naming.py's, which the Jinja
extension derives the default project_slug with, so a derived slug and every suggestion
printed here pass the same checks.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

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


class Incompatible(NamedTuple):
    """Answers that cannot go together, the line that refuses them, and the answer the
    re-run command changes to fix it.
    """

    together: Answers
    message: str
    fix: Answers

    def applies(self, answers: Answers) -> bool:
        return all(answers[key] == value for key, value in self.together.items())


# The template's tests read this table too: their pairwise set of gated bakes leaves out
# exactly these.
INCOMPATIBLE: list[Incompatible] = [
    Incompatible(
        {"deployment": "kubernetes", "database": "sqlite"},
        "deployment=kubernetes with database=sqlite would give each pod its own data;"
        " choose database=postgresql",
        {"database": "postgresql"},
    ),
    Incompatible(
        {"websockets": "local", "deployment": "kubernetes"},
        "websockets=local keeps each room in one process, but deployment=kubernetes runs"
        " several replicas; choose websockets=redis",
        {"websockets": "redis"},
    ),
    Incompatible(
        {"use_admin": True, "auth": "api_key"},
        "use_admin=true opens the admin to users by their roles, which auth=api_key does not"
        " have; choose auth=jwt",
        {"auth": "jwt"},
    ),
    Incompatible(
        {"use_admin": True, "auth": "none"},
        "use_admin=true opens the admin to users by their roles, which auth=none does not"
        " have; choose auth=jwt",
        {"auth": "jwt"},
    ),
    Incompatible(
        {"use_admin": True, "use_pages": False},
        "use_admin=true signs in through the pages' sign-in; set use_pages=true as well",
        {"use_pages": True},
    ),
]


def check_compatible(rule: Incompatible) -> Check:
    """Refuse the rule's answers when every one of them is chosen."""

    def check(answers: Answers) -> str | None:
        return rule.message if rule.applies(answers) else None

    check.__name__ = "check_not_" + "_with_".join(
        f"{key}_{value}" for key, value in rule.together.items()
    )
    return check


CHECKS: list[Check] = [
    *(check_free_text(key) for key in FREE_TEXT),
    check_author_name_has_no_comma,
    check_identifier("project_slug"),
    check_identifier("package_name"),
    check_email,
    check_version,
    *(check_compatible(rule) for rule in INCOMPATIBLE),
]


def errors(answers: Answers) -> list[str]:
    """Every problem with the answers, in the order the checks run."""
    return [error for check in CHECKS if (error := check(answers))]


def corrected(answers: Answers) -> Answers:
    """The answers with each fix a problem has one of: a suggested identifier, the answer
    an incompatibility names. Other problems (an address, a version) are left to the user.
    """
    fixed = dict(answers)
    for key in ("project_slug", "package_name"):
        if identifier_problem(fixed[key]) is not None and (suggestion := derive_slug(fixed[key])):
            fixed[key] = suggestion
    for rule in INCOMPATIBLE:
        if rule.applies(fixed):
            fixed |= rule.fix
    return fixed


def typed(value: Any) -> str:
    """An answer as cookiecutter's command line takes it."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def rerun_command(answers: Answers, questions: Answers) -> str:
    """The command that bakes again with every answer that differs from its default, from
    the template this run used (`_template`, `_checkout`).
    """
    defaults = {
        key: default[0] if isinstance(default, list) else default
        for key, default in questions.items()
        if not key.startswith("_")
    }
    derived = {
        "project_slug": derive_slug(answers["project_name"]),
        "package_name": answers["project_slug"],
    }
    given = [
        f"{key}={typed(answers[key])}"
        for key in defaults
        if answers[key] != derived.get(key, defaults[key])
    ]
    command = ["uvx", "cookiecutter", answers["_template"], "--no-input", *given]
    if answers.get("_checkout"):
        command[3:3] = ["--checkout", answers["_checkout"]]
    return shlex.join(command)


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    problems = errors(answers)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        questions = json.loads(Path(TEMPLATE_ROOT, "cookiecutter.json").read_text("utf-8"))
        print(
            "Nothing was made. Run again with these answers, corrected where a line above says"
            f" how:\n  {rerun_command(corrected(answers), questions)}",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
