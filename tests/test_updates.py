"""A project follows the template (README, "Updating a project"). Every bake records its
answers; a migration's place in the graph never depends on the answers, so a feature added
later never lands inside a chain a database has run; a feature turned on or off later gives
the tree a fresh bake with that answer gives; the database follows; and a project from the
previous release, changed as a team would change it, takes this one with its data and its
changes. cruft runs as a user runs it, from its command line, on a git repository of this
working tree on top of the template's history.
"""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.environment import StrictEnvironment

from bench import common as bench

from .helpers import DEFAULTS, TEMPLATE, project_env, run, tool
from .matrix import ALL_ON, CHOICES, GATES, HOSTILE, refused

PREVIOUS_RELEASE = "v0.1.0"
# The commit that tag marks, for a clone that did not fetch the tags.
PREVIOUS_COMMIT = "99027adca7735d2efd38372a552bdec729e2058d"
# The release that put each feature's migrations on a branch: a project from 0.1.0 updates to
# it first and stamps its database there, then on to the latest (the README's steps).
BRANCHED_RELEASE = "v0.2.0"
BRANCHED_COMMIT = "19e9b4104c06077f878c8cec0c46bceec59af9ac"
# What a fresh bake and an updated project may differ in: secrets, the lock (refreshed with
# `uv lock` after an update), cruft's own record, and what installing and running leave.
NOT_COMPARED = {".git", ".env", "uv.lock", ".cruft.json", ".venv", "__pycache__"}
# Answers an update cannot change (the generated README, "Updating").
FIXED = {"auth", "database"}
CUSTOMISATION = Path(__file__).parent / "customisation"
GIT_IDENTITY = ["-c", "user.name=Template Tests", "-c", "user.email=tests@example.com"]
MIGRATION_FIELDS = ("revision", "down_revision", "branch_labels", "depends_on")


def git(cwd: Path, *args: str) -> str:
    return run(["git", *GIT_IDENTITY, *args], cwd, project_env()).strip()


def cruft(cwd: Path, *args: str) -> str:
    return run([tool("cruft"), *args], cwd, project_env())


def uv(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return run([tool("uv"), *args], project, env or project_env())


@dataclass(frozen=True)
class TemplateRepo:
    path: Path
    head: str  # this working tree, committed
    previous: str  # the previous release
    branched: str  # the release that put migrations on branches


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> TemplateRepo:
    """A clone of the template's history with this working tree committed on top, as cruft
    clones the template to render it at two commits.
    """
    path = tmp_path_factory.mktemp("template") / "repo"
    run(["git", "clone", "--quiet", "--no-checkout", str(TEMPLATE), str(path)], TEMPLATE)
    listed = git(TEMPLATE, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        if (TEMPLATE / name).is_file():  # a file deleted in the tree is still in the index
            (path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(TEMPLATE / name, path / name)
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "--allow-empty", "--no-verify", "-m", "The working tree")
    previous, branched = (
        release(path, PREVIOUS_RELEASE, PREVIOUS_COMMIT),
        release(path, BRANCHED_RELEASE, BRANCHED_COMMIT),
    )
    return TemplateRepo(path, git(path, "rev-parse", "HEAD"), previous, branched)


def release(path: Path, tag: str, commit: str) -> str:
    """The commit a release's tag marks, or the one it is known to, in a clone without tags."""
    tagged = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{tag}^{{commit}}"],
        cwd=path,
        capture_output=True,
        text=True,
        check=False,
    )
    found = tagged.stdout.strip() or commit
    git(path, "cat-file", "-e", f"{found}^{{commit}}")  # fails on a shallow clone, named
    return found


def create(repo: TemplateRepo, into: Path, answers: dict[str, Any], checkout: str) -> Path:
    """`cruft create` at `checkout`, then the first commit, as a team starts."""
    into.mkdir(parents=True, exist_ok=True)
    context = json.dumps(answers)
    cruft(
        into,
        "create",
        str(repo.path),
        "--no-input",
        "--checkout",
        checkout,
        "--extra-context",
        context,
    )
    project = into / str(answers.get("project_slug", DEFAULTS["project_slug"]))
    commit(project, "Baked")
    return project


def commit(project: Path, message: str) -> None:
    if not (project / ".git").exists():
        git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", message)


def update(
    project: Path,
    repo: TemplateRepo,
    changed: dict[str, Any] | None = None,
    checkout: str | None = None,
) -> list[str]:
    """`cruft update` to this working tree (or `checkout`), with these answers changed; the
    reject files.
    """
    variables = ["--variables-to-update", json.dumps(changed)] if changed else []
    target = checkout or repo.head
    command = [tool("cruft"), "update", "--skip-apply-ask", "--checkout", target, *variables]
    # The hooks run again for both renders: offline, as an update must be.
    run(command, project, project_env() | {"UV_OFFLINE": "1"})
    return sorted(str(path.relative_to(project)) for path in project.rglob("*.rej"))


def tree(project: Path) -> dict[str, bytes]:
    """Every file a fresh bake and an updated project should agree on, by relative path."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
        and not NOT_COMPARED & set(path.relative_to(project).parts)
        and path.suffix != ".db"
    }


def fill(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace(f"@{name}@", value)
    return template


# Recorded answers


def test_a_plain_cookiecutter_bake_records_what_cruft_needs_and_no_secret(
    template_repo: TemplateRepo, tmp_path: Path
) -> None:
    answers = {**HOSTILE, "cache": "redis"}
    command = [tool("cookiecutter"), "--no-input", str(template_repo.path), "-o", str(tmp_path)]
    run([*command, *(f"{key}={value}" for key, value in answers.items())], tmp_path, project_env())
    project = next(tmp_path.iterdir())
    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    recorded = state["context"]["cookiecutter"]
    example = (project / ".env.example").read_text(encoding="utf-8").splitlines()
    env = (project / ".env").read_text(encoding="utf-8").splitlines()
    secrets = [mine for mine, theirs in zip(env, example, strict=True) if mine != theirs]
    commit(project, "Baked")

    assert state["template"] == str(template_repo.path)
    assert state["commit"] == recorded["_commit"] == template_repo.head
    assert {key: recorded[key] for key in answers} == answers
    assert recorded.keys() - {"_template", "_commit"} == DEFAULTS.keys()
    assert secrets  # the .env the hook wrote holds fresh secrets, and the record none of them
    assert not any(line.partition("=")[2] in json.dumps(state) for line in secrets)
    # cruft reads it back: the project is exactly what the template renders for its answers.
    assert "Nothing to do" in cruft(project, "update", "--skip-apply-ask")
    cruft(project, "diff", "--exit-code")


# Where each migration sits


def migration_graph(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each migration file the answers keep, rendered: its revision, down_revision, branch
    labels and dependencies.
    """
    from hooks import features

    context = {**answers, "_extensions": ["hooks.loader.TemplateExtension"]}
    env = StrictEnvironment(context={"cookiecutter": context}, keep_trailing_newline=True)
    versions = TEMPLATE / "{{cookiecutter.project_slug}}" / "migrations" / "versions"
    removed = {Path(path).name for path in features.paths_to_remove(answers)}
    graph = {}
    for path in sorted(versions.glob("*.py")):
        if path.name in removed:
            continue
        source = env.from_string(path.read_text(encoding="utf-8")).render(cookiecutter=context)
        values = {
            node.target.id: ast.literal_eval(node.value)
            for node in ast.parse(source).body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
        }
        graph[path.name] = {field: values[field] for field in MIGRATION_FIELDS}
    return graph


def owner(migration: str) -> str:
    """The manifest feature whose files include this migration; "core" for none."""
    from hooks import features

    path = f"migrations/versions/{migration}"
    owners = [name for name, feature in features.load().items() if path in feature["paths"]]
    return owners[0] if owners else "core"


def test_no_migration_moves_with_the_answers() -> None:
    """A migration that sat after another only when some feature was on would, once that
    feature arrived in a project later, be inserted into a chain its database has run. So
    each feature's migrations form a branch of their own on the core's first revision, and
    where each one sits never depends on the answers.
    """
    seen: dict[str, dict[str, Any]] = {}
    for scenario in GATES.values():
        for name, place in migration_graph(scenario.full).items():
            assert seen.setdefault(name, place) == place, f"{name} moves with the answers"
    by_revision = {place["revision"]: name for name, place in seen.items()}
    for name, place in seen.items():
        feature = owner(name)
        if place["down_revision"] is None and feature == "core":
            assert place["branch_labels"] == ("core",), name
        elif place["down_revision"] is None:
            assert place["depends_on"] == "0001", f"{name} does not start from the core"
            assert place["branch_labels"], f"{name} starts a branch without a name"
        else:  # later revisions follow their own feature's (or the core's) alone
            assert owner(by_revision[place["down_revision"]]) == feature, name
    labels = [place["branch_labels"] for place in seen.values() if place["branch_labels"]]
    assert len(labels) == len(set(labels))
    assert len(labels) > 1  # the core and at least one feature: the check checks something


# A feature turned on or off later

BASES: dict[str, dict[str, Any]] = {"few": {"database": "postgresql"}, "all": ALL_ON}


def changes() -> list[Any]:
    """Every answer an update may change, to each other value, from a bake with few features
    and from one with all of them (the pairs the pre-generation hook refuses left out).
    """
    cases = []
    for base, answers in BASES.items():
        full = {**DEFAULTS, **answers}
        for key, values in CHOICES.items():
            for value in values:
                if key not in FIXED and value != full[key] and not refused({**full, key: value}):
                    cases.append(pytest.param(base, key, value, id=f"{base}-{key}={value}"))
    return cases


@pytest.fixture(scope="session")
def baked(template_repo: TemplateRepo, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Bakes of this working tree by `cruft create`, each made once per worker; returns a
    copy to change.
    """
    made: dict[str, Path] = {}

    def copy(answers: dict[str, Any], into: Path) -> Path:
        key = json.dumps(answers, sort_keys=True)
        if key not in made:
            made[key] = create(
                template_repo, tmp_path_factory.mktemp("bake"), answers, template_repo.head
            )
        return Path(shutil.copytree(made[key], into / made[key].name, symlinks=True))

    return copy


@pytest.mark.slow
@pytest.mark.parametrize(("base", "key", "value"), changes())
def test_an_answer_changed_later_gives_a_fresh_bakes_tree(
    template_repo: TemplateRepo, baked: Any, tmp_path: Path, base: str, key: str, value: Any
) -> None:
    project = baked(BASES[base], tmp_path / "updated")

    rejects = update(project, template_repo, {key: value})
    fresh = baked({**BASES[base], key: value}, tmp_path / "fresh")

    updated, expected = tree(project), tree(fresh)
    assert rejects == []
    assert sorted(updated.keys() ^ expected.keys()) == []
    assert [name for name in sorted(updated) if updated[name] != expected[name]] == []


# The database follows


USER = "(email, hashed_password, is_active) VALUES ('a@example.com', 'x', 1)"
# A user as the earlier releases' table had them, before roles replaced the superuser flag.
EARLIER_USER = (
    "(email, hashed_password, is_active, is_superuser) VALUES ('a@example.com', 'x', 1, 0)"
)
ROLES_HELD = (
    "SELECT users.email, roles.name FROM users JOIN user_roles ON user_roles.user_id = users.id"
    " JOIN roles ON roles.id = user_roles.role_id"
)
FILE = (
    "(name, content_type, size, sha256, storage_key, owner_id)"
    " VALUES ('a.txt', 'text/plain', 1, 'x', 'k', 1)"
)


def sql(database: Path, statement: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(statement).fetchall()


def tables(database: Path) -> set[str]:
    return {
        name for (name,) in sql(database, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }


def installed(project: Path, database: Path) -> dict[str, str]:
    """Install the project as its README says after an update; its environment for alembic."""
    uv(project, "lock", "--quiet")
    uv(project, "sync", "--quiet", "--locked")
    return project_env() | {"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}


def alembic(project: Path, env: dict[str, str], *args: str) -> str:
    return uv(project, "run", "--no-sync", "alembic", *args, env=env)


@pytest.mark.slow
def test_a_database_in_use_follows_features_turned_on_and_off(
    template_repo: TemplateRepo, baked: Any, tmp_path: Path
) -> None:
    project = baked({}, tmp_path)
    database = tmp_path / "in-use.db"
    env = installed(project, database)
    commit(project, "Locked")
    alembic(project, env, "upgrade", "heads")
    sql(database, f"INSERT INTO users {USER}")
    sql(database, "INSERT INTO items (title, owner_id) VALUES ('Kept', 1)")

    # On: file transfer and Celery bring their tables as branches of their own.
    assert (
        update(
            project, template_repo, {"use_file_transfer": True, "background_jobs": "celery_redis"}
        )
        == []
    )
    env = installed(project, database)
    commit(project, "File transfer and background jobs")
    alembic(project, env, "upgrade", "heads")
    alembic(project, env, "check")
    on = tables(database)
    sql(database, f"INSERT INTO files {FILE}")

    # Off: file transfer's code goes; its table and rows stay, and alembic agrees.
    assert update(project, template_repo, {"use_file_transfer": False}) == []
    env = installed(project, database)
    commit(project, "No file transfer")
    alembic(project, env, "stamp", "--purge", "heads")
    alembic(project, env, "upgrade", "heads")
    alembic(project, env, "check")

    # Off, with its data: the documented downgrade first, then the update; nothing to stamp.
    alembic(project, env, "downgrade", "jobs@base")
    assert update(project, template_repo, {"background_jobs": "none"}) == []
    env = installed(project, database)
    commit(project, "No background jobs")
    alembic(project, env, "upgrade", "heads")
    alembic(project, env, "check")

    assert {"files", "jobs"} <= on
    assert "jobs" not in tables(database)
    # The feature's code is gone (Python's bytecode caches, ignored, may stay behind).
    assert git(project, "ls-files", "src/my_service/files") == ""
    assert list((project / "src" / "my_service").glob("files/**/*.py")) == []
    assert sql(database, "SELECT title FROM items") == [("Kept",)]
    assert sql(database, "SELECT name FROM files") == [("a.txt",)]
    assert "0002" not in alembic(project, env, "current")


# A project from the previous release


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ITEMS_ROUTER = "from ..items.router import router as items_router"
NOTES_ROUTER = "from ..notes.router import router as notes_router"
ITEM_MODEL = "from ..items.models import Item"
NOTE_MODEL = "from ..notes.models import Note"
DESCRIPTION = "    description: Mapped[str | None] = mapped_column(Text)"
PRIORITY = '    priority: Mapped[int] = mapped_column(default=0, server_default="0")'
TEAM_LINE = "Deploys go out on Tuesdays; ask in #ops first."


def customise(project: Path, head: str) -> list[str]:
    """What a team adds and changes in its first month (tests/customisation/README.md); the
    project's files it changed.
    """
    package = project / "src" / "my_service"
    shutil.copytree(CUSTOMISATION / "notes", package / "notes")
    shutil.copy2(CUSTOMISATION / "test_notes.py", project / "tests" / "test_notes.py")
    versions = project / "migrations" / "versions"
    notes = (CUSTOMISATION / "0101_notes.py").read_text(encoding="utf-8")
    (versions / "0101_notes.py").write_text(fill(notes, DOWN_REVISION=head), encoding="utf-8")
    shutil.copy2(CUSTOMISATION / "0102_item_priority.py", versions / "0102_item_priority.py")
    routers, models = "src/my_service/api/routers.py", "src/my_service/db/models.py"
    edits = [
        (routers, ITEMS_ROUTER, f"{ITEMS_ROUTER}\n{NOTES_ROUTER}"),
        (routers, "    items_router,", "    items_router,\n    notes_router,"),
        (models, ITEM_MODEL, f"{ITEM_MODEL}\n{NOTE_MODEL}"),
        (models, '    "MachineClient",', '    "MachineClient",\n    "Note",'),
        ("src/my_service/items/models.py", DESCRIPTION, f"{DESCRIPTION}\n{PRIORITY}"),
        ("src/my_service/auth/config.py", "Field(default=15, ge=1)", "Field(default=30, ge=1)"),
        (".env.example", "ACCESS_TOKEN_EXPIRE_MINUTES=15", "ACCESS_TOKEN_EXPIRE_MINUTES=30"),
        ("README.md", "\n## Configuration\n", f"\n{TEAM_LINE}\n\n## Configuration\n"),
    ]
    for name, old, new in edits:
        edit(project / name, old, new)
    changed = {name for name, _, _ in edits}
    return sorted(changed)


def follow_the_changelog(
    project: Path, repo: TemplateRepo, answers: dict[str, Any], into: Path
) -> list[str]:
    """CHANGELOG, "Unreleased": the router list and the model registry moved up beside
    main.py, and where the team had changed them the update leaves their file there, with
    the template's changes rejected at the new path, or beside the new file when git no
    longer sees the move. As a team would, take the new file, add the team's lines again and
    delete the old one; the reject files that leaves.
    """
    fresh = bake_release(repo, repo.head, answers, into)
    for name, (was, edits) in MOVED_WITH_TEAM_LINES.items():
        shutil.copy2(fresh / name, project / name)
        for old, new in edits:
            edit(project / name, old, new)
        for leftover in (f"{name}.rej", was, f"{was}.rej"):
            (project / leftover).unlink(missing_ok=True)
    run(["make", "format"], project, project_env())  # imports sorted, as a team's hook would
    return sorted(str(path.relative_to(project)) for path in project.rglob("*.rej"))


def one_level_up(line: str) -> str:
    return line.replace("from ..", "from .")


# The moved aggregators, where each was, and the lines the team adds to them (customise(),
# one level up).
MOVED_WITH_TEAM_LINES = {
    "src/my_service/routers.py": (
        "src/my_service/api/routers.py",
        [
            (one_level_up(ITEMS_ROUTER), one_level_up(f"{ITEMS_ROUTER}\n{NOTES_ROUTER}")),
            ("    items_router,", "    items_router,\n    notes_router,"),
        ],
    ),
    "src/my_service/models.py": (
        "src/my_service/db/models.py",
        [
            (one_level_up(ITEM_MODEL), one_level_up(f"{ITEM_MODEL}\n{NOTE_MODEL}")),
            ('    "MachineClient",', '    "MachineClient",\n    "Note",'),
        ],
    ),
}


def bake_release(repo: TemplateRepo, commit_id: str, answers: dict[str, Any], into: Path) -> Path:
    """A plain `cookiecutter` bake of the template at that commit."""
    source = into / "template"
    source.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", commit_id], cwd=repo.path, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x"], cwd=source, input=archive, check=True)
    return bench.bake(answers, into / "out", template=source, env=project_env())


# The answers 0.2.0 recorded for Docker and Kubernetes, and what a project updates with.
RENAMED: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "kubernetes": (
        {"database": "postgresql", "use_kubernetes": True},
        {"database": "postgresql", "deployment": "kubernetes"},
    ),
    "no-image": ({"use_docker": False}, {"deployment": "none"}),
}


@pytest.mark.slow
@pytest.mark.parametrize(("earlier", "now"), RENAMED.values(), ids=RENAMED.keys())
def test_a_project_keeps_its_deployment_through_the_renamed_answer(
    template_repo: TemplateRepo,
    baked: Any,
    tmp_path: Path,
    earlier: dict[str, Any],
    now: dict[str, Any],
) -> None:
    """CHANGELOG: `use_docker` and `use_kubernetes` became `deployment`; an update from 0.2.0
    with the `--variables-to-update` it names gives the tree a fresh bake of this release does.
    """
    project = create(template_repo, tmp_path / "earlier", earlier, template_repo.branched)

    rejects = update(project, template_repo, {"deployment": now["deployment"]})
    fresh = baked(now, tmp_path)

    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))["context"]
    assert rejects == []
    assert state["cookiecutter"]["deployment"] == now["deployment"]
    assert not {"use_docker", "use_kubernetes"} & set(state["cookiecutter"])
    assert sorted(tree(project).keys() ^ tree(fresh).keys()) == []


# The answers of the projects made from the previous release: the defaults, and many features
# on SQLite, whose feature migrations 0.1.0 chained in one line.
EARLIER: dict[str, dict[str, Any]] = {
    "default": {},
    "many": {
        "background_jobs": "celery_redis",
        "cache": "memory",
        "websockets": "local",
        "use_rate_limit": True,
        "use_pages": True,
        "use_file_transfer": True,
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("earlier", EARLIER)
def test_a_project_from_the_previous_release_takes_this_one(
    template_repo: TemplateRepo, tmp_path: Path, earlier: str
) -> None:
    """The template README's steps for a project made from 0.1.0, which recorded no answers."""
    answers = EARLIER[earlier]
    project = bake_release(template_repo, template_repo.previous, answers, tmp_path)
    database = tmp_path / "in-use.db"
    env = project_env() | {"DATABASE_URL": f"sqlite+aiosqlite:///{database}"}
    uv(project, "sync", "--quiet")
    head = alembic(project, env, "heads").split()[0]
    changed = customise(project, head)
    run(["make", "format"], project, project_env())  # imports sorted, as a team's hook would
    alembic(project, env, "upgrade", "head")
    sql(database, f"INSERT INTO users {EARLIER_USER}")
    sql(database, "INSERT INTO items (title, owner_id, priority) VALUES ('Kept', 1, 5)")
    sql(database, "INSERT INTO notes (text) VALUES ('Deploys go out on Tuesdays')")
    commit(project, "Our first month")
    # README, "Updating a project made from 0.1.0": link it, then keep .env and uv.lock out.
    release = template_repo.previous
    link = ["link", str(template_repo.path), "--no-input", "--checkout", release]
    cruft(project, *link, "--extra-context", json.dumps(answers))
    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    state["skip"] = [".env", "uv.lock"]
    (project / ".cruft.json").write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    commit(project, "Linked to the template")

    # README: to 0.2.0 first, where the database is stamped once for the branched migrations.
    assert update(project, template_repo, checkout=template_repo.branched) == []
    env = installed(project, database)
    alembic(project, env, "stamp", "--purge", "heads")
    commit(project, "Updated to 0.2.0")
    # Then to this release, whose new tables come as migrations on top of that.
    update(project, template_repo)
    rejects = follow_the_changelog(project, template_repo, answers, tmp_path / "fresh")
    env = installed(project, database)
    alembic(project, env, "upgrade", "heads")
    alembic(project, env, "check")
    run(["make", "lint"], project, project_env())
    tested = uv(project, "run", "--no-sync", "pytest", "-q", "-p", "no:cacheprovider")

    print(f"conflicts: {len(rejects)} {rejects}")
    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    assert state["commit"] == template_repo.head
    assert {key: state["context"]["cookiecutter"][key] for key in answers} == answers
    assert {reject.removesuffix(".rej") for reject in rejects} <= set(changed)
    assert sql(database, "SELECT title, priority FROM items") == [("Kept", 5)]
    assert sql(database, "SELECT text FROM notes") == [("Deploys go out on Tuesdays",)]
    assert sql(database, ROLES_HELD) == [("a@example.com", "member")]  # migration 0008
    assert TEAM_LINE in (project / "README.md").read_text(encoding="utf-8")
    assert "Required test coverage of 90.0% reached" in tested


def readme_blocks(project: Path, section: str) -> list[str]:
    """The bash blocks of one section of the project's README."""
    text = (project / "README.md").read_text(encoding="utf-8")
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n", 1)[1] for block in body.split("```")[1::2]]


@pytest.mark.slow
def test_the_generated_readmes_updating_steps_work_as_written(
    template_repo: TemplateRepo, baked: Any, tmp_path: Path
) -> None:
    project = baked({}, tmp_path)
    env = project_env() | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'in-use.db'}"}

    # As written, but cruft from the template's tools rather than uvx's download, and the
    # release this working tree is.
    for steps in readme_blocks(project, "Updating"):
        script = steps.replace("uvx cruft", tool("cruft")).replace("<release>", template_repo.head)
        run(["bash", "-euo", "pipefail", "-c", script], project, env)
        commit(project, "Updated as the README says")

    state = json.loads((project / ".cruft.json").read_text(encoding="utf-8"))
    assert state["context"]["cookiecutter"]["cache"] == "redis"  # the README's example
    assert (project / "src" / "my_service" / "cache" / "store.py").is_file()
