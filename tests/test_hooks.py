"""The hooks: each check of the pre-generation hook, the naming rules behind the default slug
and every suggestion, and the post-generation steps; end to end, a refused answer stops
cookiecutter with one line and leaves nothing behind.
"""

from __future__ import annotations

import json
import re
import shlex
import string
import subprocess
import sys
import types
from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment
from hypothesis import given
from hypothesis import strategies as st

from hooks import features, loader, post_gen_project, pre_gen_project, provenance
from hooks.naming import derive_slug, identifier_problem
from hooks.pre_gen_project import check_identifier

from .helpers import TEMPLATE, answers, tool

REFUSALS = {
    "slug-starts-with-digit": (["project_slug=1bad"], "project_slug '1bad' is not a lowercase"),
    "slug-has-dash": (["project_slug=my-service"], "try project_slug=my_service"),
    "slug-too-long": (
        ["project_slug=acme_corporation_internal_inventory_management_service"],
        "is longer than 40 characters; try project_slug=acme_corporation_internal_inventory",
    ),
    "slug-shadows-stdlib": (["project_slug=json"], "shadows a standard library module"),
    "slug-shadows-dependency": (["project_slug=fastapi"], "shadows a dependency"),
    "name-without-letters": (["project_name=!!!"], "has no letters or digits"),
    "package-is-keyword": (
        ["package_name=class"],
        "package_name 'class' is a Python keyword; try package_name=class_service",
    ),
    "slug-is-keyword": (["project_slug=class"], "project_slug 'class' is a Python keyword"),
    "package-differs-from-slug": (["package_name=Orders"], "try package_name=orders"),
    "package-is-test": (["package_name=test"], "shadows a standard library module"),
    "bad-email": (["author_email=nobody"], "author_email 'nobody' is not an email"),
    "bad-version": (["version=one"], "version 'one' is not a release version"),
    "empty-name": (["project_name= "], "project_name is empty"),
    "empty-description": (["description="], "description is empty"),
    "author-with-comma": (["author_name=Doe, Jane"], "author_name cannot hold a comma"),
    "kubernetes-with-sqlite": (["deployment=kubernetes"], "choose database=postgresql"),
    "kubernetes-with-local-websockets": (
        ["deployment=kubernetes", "database=postgresql", "websockets=local"],
        "choose websockets=redis",
    ),
    "admin-with-api-keys": (
        ["use_admin=true", "use_pages=true", "auth=api_key"],
        "use_admin=true opens the admin to users by their roles, which auth=api_key",
    ),
    "admin-without-auth": (
        ["use_admin=true", "use_pages=true", "auth=none"],
        "which auth=none does not have; choose auth=jwt",
    ),
    "admin-without-pages": (["use_admin=true"], "set use_pages=true as well"),
}


def cookiecutter(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("cookiecutter"), "--no-input", str(TEMPLATE), "-o", str(tmp_path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def hook_errors(stderr: str) -> list[str]:
    # cookiecutter's own last line may run into the hook's first, so find them anywhere.
    return re.findall(r"error: [^\n]*", stderr)


@pytest.mark.parametrize(("extra", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_bad_answer_is_refused_with_one_line(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    result = cookiecutter(tmp_path, *extra)

    errors = hook_errors(result.stderr)
    assert result.returncode != 0
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert rerun(result.stderr)[:4] == ["uvx", "cookiecutter", str(TEMPLATE), "--no-input"]
    assert list(tmp_path.iterdir()) == []


def rerun(stderr: str) -> list[str]:
    """The command the hook prints to run again, as arguments."""
    printed = re.search(r"Run again with these answers[^\n]*\n  (uvx cookiecutter [^\n]+)", stderr)
    assert printed is not None, stderr
    return shlex.split(printed.group(1))


def test_the_printed_command_bakes_once_each_problem_with_a_fix_is_fixed(tmp_path: Path) -> None:
    refused = cookiecutter(
        tmp_path, "project_name=Order Tracker", "project_slug=order-tracker", "auth=api_key",
        "use_admin=true", "deployment=kubernetes", "websockets=local", "cache=memory",
    )  # fmt: skip

    command = rerun(refused.stderr)
    assert command[4:] == [
        # The slug's fix is the one derived from the name, so it need not be given.
        "project_name=Order Tracker", "database=postgresql",
        "websockets=redis", "cache=memory", "use_pages=true", "use_admin=true",
        "deployment=kubernetes",
    ]  # fmt: skip
    baked = subprocess.run(
        [tool("cookiecutter"), *command[2:], "-o", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert baked.returncode == 0, baked.stderr
    assert (tmp_path / "order_tracker" / "deploy" / "kubernetes").is_dir()


@pytest.mark.parametrize("rule", pre_gen_project.INCOMPATIBLE, ids=lambda rule: rule.message[:40])
def test_each_incompatibility_names_a_fix_the_checks_accept(
    rule: pre_gen_project.Incompatible,
) -> None:
    chosen = answers(**rule.together)

    fixed = pre_gen_project.corrected(chosen)

    assert rule.message in pre_gen_project.errors(chosen)
    assert pre_gen_project.errors(fixed) == []


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = cookiecutter(tmp_path, "project_slug=1bad", "author_email=nobody")

    # package_name is derived from the slug: its problem is reported once, as the slug's.
    wrong = [line.split()[1] for line in hook_errors(result.stderr)]
    assert wrong == ["project_slug", "author_email"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Order Tracker-API", "order_tracker_api"),
        ("Café  Crème & Co.", "cafe_creme_co"),
        ("Привет мир", "privet_mir"),
        ("3D Printer", "service_3d_printer"),
        ("FastAPI", "fastapi_service"),
        ("Acme Corporation Internal Inventory Service", "acme_corporation_internal_inventory"),
    ],
)
def test_slug_and_package_are_derived_from_the_name(tmp_path: Path, name: str, slug: str) -> None:
    result = cookiecutter(tmp_path, f"project_name={name}")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / slug / "src" / slug / "main.py").is_file()


# Names as people type them: letters of any script, digits, punctuation, spaces.
NAMES = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x00"),
    max_size=80,
)


@given(NAMES)
def test_a_derived_slug_is_accepted_or_empty(name: str) -> None:
    slug = derive_slug(name)

    assert slug == "" or identifier_problem(slug) is None


@given(st.text(string.ascii_letters + string.digits + "_-. ", min_size=1, max_size=60))
def test_every_suggestion_is_itself_accepted(slug: str) -> None:
    message = check_identifier("project_slug")(answers(project_slug=slug))

    suggested = re.search(r"try project_slug=(\S+)$", message or "")
    if suggested:
        assert identifier_problem(suggested.group(1)) is None


def as_answers(extra: list[str]) -> dict[str, object]:
    """Command-line answers (`key=value`) as the hook receives them."""
    parsed = dict(item.split("=", 1) for item in extra)
    typed = {key: {"true": True, "false": False}.get(value, value) for key, value in parsed.items()}
    return answers(**typed)


@pytest.mark.parametrize(("extra", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_each_refusal_comes_from_one_check(extra: list[str], message: str) -> None:
    chosen = as_answers(extra)

    failing = [check.__name__ for check in pre_gen_project.CHECKS if check(chosen)]

    assert len(failing) == 1
    assert message in pre_gen_project.errors(chosen)[0]


def test_every_check_has_a_refusal_above() -> None:
    exercised = {
        check.__name__
        for extra, _ in REFUSALS.values()
        for check in pre_gen_project.CHECKS
        if check(as_answers(extra))
    }
    free_text = {check.__name__ for check in pre_gen_project.CHECKS} - exercised

    # The free-text checks' control characters cannot be typed on a command line; the
    # test below gives them theirs.
    assert free_text <= {"check_author_name", "check_project_name", "check_description"}


def test_the_next_steps_are_the_readmes_first_commands(tmp_path: Path) -> None:
    project = tmp_path / "my_service"
    project.mkdir()
    (project / "README.md").write_text(
        "# My Service\n\n```bash\nuv sync && make run\nuv run pytest\n```\n\n```bash\nlater\n```\n"
    )

    steps = post_gen_project.next_steps(project)

    assert steps.startswith("Created my_service/.")
    assert "  cd my_service\n  uv sync && make run\n  uv run pytest\n" in steps
    assert "later" not in steps


def test_default_answers_pass_every_check() -> None:
    assert pre_gen_project.errors(answers()) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [("description", "two\nlines"), ("project_name", "tab\there"), ("author_name", "\x07")],
)
def test_free_text_with_a_control_character_is_refused(key: str, text: str) -> None:
    assert "line break or control character" in str(pre_gen_project.errors(answers(**{key: text})))


@pytest.mark.parametrize(
    ("overrides", "needed"),
    [
        ({"cache": "redis"}, True),
        ({"background_jobs": "celery_redis"}, True),
        ({"websockets": "redis"}, True),
        ({"websockets": "local"}, False),
        ({"use_rate_limit": True}, False),
        ({"background_jobs": "celery_rabbitmq"}, False),
        ({}, False),
    ],
)
def test_redis_is_pulled_in_only_by_redis_backed_features(
    overrides: dict[str, object], needed: bool
) -> None:
    assert ("redis" in features.enabled_features(answers(**overrides))) is needed


def test_prune_removes_files_and_directories_and_ignores_missing(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "auth").mkdir(parents=True)
    (tmp_path / "pkg" / "auth" / "router.py").write_text("x\n")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "kept.py").write_text("x\n")

    post_gen_project.prune(tmp_path, ["pkg/auth", "Dockerfile", "never/there.py"])

    assert sorted(path.name for path in tmp_path.rglob("*")) == ["kept.py", "pkg"]


def test_env_example_joins_core_then_chosen_parts_in_order(tmp_path: Path) -> None:
    parts = tmp_path / post_gen_project.ENV_PARTS
    parts.mkdir()
    (parts / "core.env").write_text("ENVIRONMENT=local\n")
    (parts / "jwt.env").write_text("\nSECRET_KEY=changethis\n")
    (parts / "sqlite.env").write_text("DATABASE_URL=sqlite://\n")

    post_gen_project.assemble_env_example(tmp_path, ["sqlite", "docker", "jwt"])

    assert (tmp_path / ".env.example").read_text() == (
        "ENVIRONMENT=local\n\nDATABASE_URL=sqlite://\n\nSECRET_KEY=changethis\n"
    )
    assert not parts.exists()


def test_env_gets_fresh_secrets_once(tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text("A=changethis\nB=changethis\nC=plain\n")

    post_gen_project.write_env(tmp_path)
    first = (tmp_path / ".env").read_text()
    post_gen_project.write_env(tmp_path)

    values = dict(line.split("=", 1) for line in first.splitlines())
    assert values["C"] == "plain"
    assert len({values["A"], values["B"], "changethis"}) == 3
    assert (tmp_path / ".env").read_text() == first


def test_without_uv_the_lock_is_left_for_the_first_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "uv.lock").write_text("every answer's packages\n")
    monkeypatch.setattr(post_gen_project.shutil, "which", lambda name: None)

    assert post_gen_project.narrow_lock(tmp_path) is False
    assert (tmp_path / "uv.lock").read_text() == "every answer's packages\n"


def test_a_lock_uv_cannot_narrow_is_left_as_it_is(tmp_path: Path) -> None:
    """uv refuses a project without a pyproject.toml; so does it, offline and online."""
    (tmp_path / "uv.lock").write_text("every answer's packages\n")

    assert post_gen_project.narrow_lock(tmp_path) is False
    assert (tmp_path / "uv.lock").read_text() == "every answer's packages\n"


def test_rendered_hooks_read_back_exactly_what_was_answered() -> None:
    chosen = answers(
        project_name='It\'s "quoted" \\ <b>&amp; é',
        _extensions=["hooks.loader.TemplateExtension"],
        _template=str(TEMPLATE),
        _repo_dir=str(TEMPLATE),
    )
    env = StrictEnvironment(context={"cookiecutter": chosen}, keep_trailing_newline=True)
    rendered = {}
    for hook in ("pre_gen_project", "post_gen_project"):
        source = (TEMPLATE / "hooks" / f"{hook}.py").read_text(encoding="utf-8")
        namespace: dict[str, object] = {"__name__": hook}
        exec(compile(env.from_string(source).render(cookiecutter=chosen), hook, "exec"), namespace)
        rendered[hook] = namespace

    pre, post = rendered["pre_gen_project"], rendered["post_gen_project"]
    assert json.loads(str(pre["ANSWERS_JSON"])) == chosen
    assert pre["TEMPLATE_ROOT"] == str(TEMPLATE)
    assert json.loads(str(post["UNCHOSEN_PATHS_JSON"])) == features.paths_to_remove(chosen)
    assert json.loads(str(post["FEATURES_JSON"])) == features.enabled_features(chosen)
    recorded = json.loads(str(post["CRUFT_STATE_JSON"]))["context"]["cookiecutter"]
    assert {key: recorded[key] for key in answers()} == answers(project_name=chosen["project_name"])


def test_each_render_imports_the_extension_and_the_naming_rules_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """cruft renders two commits of the template in one process: each render must run its own
    commit's extension and naming rules, never the modules the first render imported.
    """
    stale = {name: types.ModuleType(name) for name in ("hooks.extension", "hooks.naming")}
    for name, module in stale.items():
        monkeypatch.setitem(sys.modules, name, module)

    environment = StrictEnvironment(context={"cookiecutter": answers()})
    loader.TemplateExtension(environment)

    assert all(sys.modules[name] is not module for name, module in stale.items())
    assert environment.filters["default_slug"] is sys.modules["hooks.naming"].default_slug


@pytest.mark.parametrize(
    ("given", "recorded"),
    [
        ("gh:acme/service-template", "https://github.com/acme/service-template.git"),
        ("https://x-access-token:secret@github.com/acme/t.git", "https://github.com/acme/t.git"),
        ("https://user:pw@git.example.com:8443/t.git", "https://git.example.com:8443/t.git"),
        ("git@github.com:acme/t.git", "git@github.com:acme/t.git"),
    ],
)
def test_the_template_is_recorded_as_cruft_can_clone_it_and_without_credentials(
    given: str, recorded: str
) -> None:
    assert provenance.template_source(given) == recorded


def test_a_local_template_is_recorded_by_its_absolute_path_and_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(TEMPLATE.parent)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=TEMPLATE, capture_output=True, text=True, check=True
    ).stdout.strip()

    assert provenance.template_source(TEMPLATE.name) == str(TEMPLATE)
    assert provenance.template_commit(str(TEMPLATE)) == head
    assert provenance.template_commit(str(tmp_path)) is None  # not a git checkout


def test_cruft_writes_its_own_record_when_it_bakes() -> None:
    assert provenance.cruft_state({**answers(), "_template": ".", "_commit": "abc"}) is None
