"""The template repository's own workflow and update configuration pass the same checks as
the files it generates.
"""

from __future__ import annotations

import yaml

from . import deployment
from .helpers import TEMPLATE, run, tool
from .matrix import GATES


def test_workflows_pass_zizmor_and_actionlint() -> None:
    run([tool("zizmor"), "--offline", "--no-progress", "--format", "plain", ".github"], TEMPLATE)
    output = run([deployment.actionlint()], cwd=TEMPLATE)

    assert "Checking 1 workflow file(s)" in output


def test_workflow_and_renovate_follow_their_schemas() -> None:
    for name, schema in {
        ".github/workflows/ci.yml": "vendor.github-workflows",
        "renovate.json": "vendor.renovate",
    }.items():
        run([tool("check-jsonschema"), "--builtin-schema", schema, name], cwd=TEMPLATE)


def test_workflow_shards_run_every_gate_once() -> None:
    workflow = yaml.safe_load((TEMPLATE / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    shards = workflow["jobs"]["gates"]["strategy"]["matrix"]["variants"]
    names = [name for shard in shards for name in shard.split(",")]

    assert sorted(names) == sorted(GATES), "give each gate in tests/matrix.py one shard"
