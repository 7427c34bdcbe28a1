"""Every supported answer bakes into a clean project: the matrix and the properties checked."""

from __future__ import annotations

import ast
import fnmatch
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks import features

from .conftest import TEMPLATE, answers, bake, run, tool

# Valid free text that needs escaping in every kind of file it lands in.
HOSTILE: dict[str, Any] = {
    "project_name": 'Café "Crème" l\'Été \\ & <b>Bold</b>   Co.',
    "description": (
        'It\'s a "quoted" \\ back\\slash & <tag> service — ünïcode, `code`, *stars*, # hash,'
        " 1. not a list, and a sentence long enough that a docstring has to wrap it onto a"
        " second line and a third, https://example.com/a/very/long/url/that/cannot/be/broken"
    ),
    "author_name": 'Zoë O\'Brien "Z" \\ & <z>',
}

# Each option value on its own, next to the defaults. Options whose code is not built yet are
# refused by the pre-generation hook (see test_hooks.py) and so are not in this list.
VARIANTS: list[dict[str, Any]] = [
    {},
    {"database": "postgresql"},
    {"auth": "api_key"},
    {"auth": "none"},
    {"auth": "none", "database": "postgresql"},
    {"use_file_transfer": True},
    {"use_file_transfer": True, "auth": "api_key"},
    {"use_file_transfer": True, "auth": "none", "database": "postgresql"},
    {"use_pages": True},
    {"use_pages": True, "auth": "api_key"},
    {"use_pages": True, "auth": "none"},
    {"use_pages": True, "use_file_transfer": True, "database": "postgresql"},
    {"use_docker": False},
    {"ci": "gitlab"},
    {"ci": "none"},
    {"license": "Apache-2.0"},
    {"license": "BSD-3-Clause"},
    {"license": "Proprietary"},
    {"python_version": "3.12"},
    {"python_version": "3.13"},
    {"project_name": "Order Tracker", "package_name": "orders"},
    # The longest name the pre-generation hook accepts, with the variant of longest imports.
    {"project_slug": "acme_inventory_and_order_tracking_system", "database": "postgresql"},
    HOSTILE,
    # A name too long for one line of settings, full of characters that need escaping.
    {
        "project_name": 'The "Very" Long \\ Name Of A Service That Needs Its Own Line, Or Two'
        ' \\\\\\\\ """"',
        "project_slug": "long_name",
        "auth": "api_key",
    },
]


def variant_id(overrides: dict[str, Any]) -> str:
    return "-".join(f"{key}={value}" for key, value in overrides.items()) or "default"


@pytest.fixture(scope="module", params=VARIANTS, ids=variant_id)
def baked(request: pytest.FixtureRequest, cookies_session: Any) -> tuple[Path, dict[str, Any]]:
    overrides: dict[str, Any] = request.param
    project = bake(cookies_session, **overrides)
    chosen = answers(**overrides)
    # The template derives the slug from the name, and the package from the slug.
    if "project_name" in overrides and "project_slug" not in overrides:
        chosen["project_slug"] = project.name
    if "package_name" not in overrides:
        chosen["package_name"] = chosen["project_slug"]
    return project, chosen


def project_files(project: Path) -> list[Path]:
    return [path for path in project.rglob("*") if path.is_file()]


def test_project_is_named_from_the_slug(baked: tuple[Path, dict[str, Any]]) -> None:
    project, chosen = baked

    assert project.name == chosen["project_slug"]
    assert (project / "src" / chosen["package_name"] / "main.py").is_file()


def copied_as_is(relative: str, package: str) -> bool:
    """Whether cookiecutter copies this file without rendering it (its own Jinja, Mako, ...)."""
    patterns = json.loads((TEMPLATE / "cookiecutter.json").read_text())["_copy_without_render"]
    template_path = relative.replace(f"src/{package}/", "src/{{cookiecutter.package_name}}/", 1)
    return any(
        fnmatch.fnmatch(template_path, pattern) or fnmatch.fnmatch(template_path, f"{pattern}/*")
        for pattern in patterns
    )


def test_no_unrendered_template_syntax(baked: tuple[Path, dict[str, Any]]) -> None:
    """Files copied as they are (Jinja2 pages) keep their own syntax, but no answer in it."""
    project, chosen = baked
    leftovers = []
    for path in project_files(project):
        relative = path.relative_to(project).as_posix()
        text = path.read_text(encoding="utf-8")
        syntax = r"cookiecutter\." if copied_as_is(relative, chosen["package_name"]) else None
        if re.search(syntax or r"\{\{|\{%|\{#|cookiecutter\.", text) or "{{" in relative:
            leftovers.append(relative)

    assert leftovers == []


def test_no_empty_files_or_blank_line_runs(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    problems = []
    for path in project_files(project):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            problems.append(f"{path.relative_to(project)}: empty")
        elif "\n\n\n\n" in text or text.startswith("\n") or not text.endswith("\n"):
            problems.append(f"{path.relative_to(project)}: stray blank lines")
        elif path.suffix not in {".py", ".mako"} and "\n\n\n" in text:
            problems.append(f"{path.relative_to(project)}: blank-line run")

    assert problems == []


def test_files_are_exactly_the_template_minus_unchosen_features(
    baked: tuple[Path, dict[str, Any]],
) -> None:
    project, chosen = baked
    template = TEMPLATE / "{{cookiecutter.project_slug}}"
    package = "{{cookiecutter.package_name}}"
    removed = features.paths_to_remove(chosen)
    expected = set()
    for path in template.rglob("*"):
        relative = path.relative_to(template).as_posix().replace(package, chosen["package_name"])
        if path.is_file() and not any(
            relative == gone or relative.startswith(f"{gone}/") for gone in removed
        ):
            expected.add(relative)
    # The post-generation hook joins the settings parts into .env.example and writes .env.
    expected = {path for path in expected if not path.startswith(".env.example.d/")}
    produced = {path.relative_to(project).as_posix() for path in project_files(project)}

    assert produced == expected | {".env.example", ".env"}


def test_env_has_fresh_secrets_and_is_ignored(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    env = (project / ".env").read_text()

    assert "changethis" not in env
    assert ".env\n" in (project / ".gitignore").read_text()


def test_ruff_is_clean(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    run([tool("ruff"), "check", "--no-cache", "."], cwd=project)
    run([tool("ruff"), "format", "--no-cache", "--check", "."], cwd=project)


def test_every_data_file_parses(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    parsers = {".toml": tomllib.loads, ".yaml": yaml.safe_load, ".yml": yaml.safe_load}
    parsers[".json"] = json.loads
    for path in project_files(project):
        if path.suffix in parsers:
            parsers[path.suffix](path.read_text(encoding="utf-8"))


def test_every_python_file_parses(baked: tuple[Path, dict[str, Any]]) -> None:
    """With the project's own Python version: 3.12 syntax does not parse on 3.11."""
    project, chosen = baked
    files = [str(path) for path in project_files(project) if path.suffix == ".py"]
    parse = "import ast, sys\nfor name in sys.argv[1:]: ast.parse(open(name).read(), name)"

    python = ["--no-project", "--python", chosen["python_version"], "python"]
    run([tool("uv"), "run", *python, "-c", parse, *files], cwd=project)


def test_free_text_reads_back_exactly(baked: tuple[Path, dict[str, Any]]) -> None:
    project, chosen = baked
    metadata = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = project / "src" / chosen["package_name"]
    config = ast.parse((package / "core" / "config.py").read_text(encoding="utf-8"))
    project_name = next(
        node.value
        for node in ast.walk(config)
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "PROJECT_NAME"
    )
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))

    assert metadata["description"] == chosen["description"]
    assert metadata["authors"][0]["name"] == chosen["author_name"]
    assert ast.literal_eval(project_name) == chosen["project_name"]
    assert " ".join(str(docstring).split()) == " ".join(chosen["description"].split())


# Files with a published schema, and the schema check-jsonschema validates them against.
SCHEMAS = {
    "compose.yaml": "vendor.compose-spec",
    ".github/workflows/ci.yml": "vendor.github-workflows",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
}


def test_files_with_a_published_schema_follow_it(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    for name, schema in SCHEMAS.items():
        if (project / name).is_file():
            run([tool("check-jsonschema"), "--builtin-schema", schema, name], cwd=project)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_compose_runs_without_a_dotenv(cookies: Any, database: str) -> None:
    """A fresh clone has no .env (git ignores it); compose must not need one."""
    project = bake(cookies, database=database)
    services = yaml.safe_load((project / "compose.yaml").read_text())["services"]

    assert services["api"]["env_file"] == [{"path": ".env", "required": False}]
