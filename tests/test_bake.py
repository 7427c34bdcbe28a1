"""Every scenario of the matrix marked `bake` (matrix.py) bakes into a clean project: the
properties checked on each bake.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import pytest
import yaml

from hooks import features

from . import deployment, pinned
from .helpers import TEMPLATE, Bake, run, tool
from .matrix import BAKES


@pytest.fixture(scope="module", params=BAKES, ids=str)
def baked(request: pytest.FixtureRequest, bake: Bake) -> tuple[Path, dict[str, Any]]:
    """A scenario of the matrix's marked `bake`, baked, with every answer it got."""
    scenario = BAKES[request.param]
    return bake(scenario.answers), scenario.full


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
    """Files copied as they are (Jinja2 pages) keep their own syntax, but no answer in it;
    `${{ ... }}` is a GitHub Actions expression, written out on purpose.
    """
    project, chosen = baked
    leftovers = []
    for path in project_files(project):
        relative = path.relative_to(project).as_posix()
        text = path.read_text(encoding="utf-8")
        as_is = copied_as_is(relative, chosen["package_name"])
        syntax = r"cookiecutter\." if as_is else r"(?<!\$)\{\{|\{%|\{#|cookiecutter\."
        if re.search(syntax, text) or "{{" in relative:
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


# What only a feature's own files and lines mention; with the feature off, no file may.
TRACES = {
    "celery": re.compile(r"celery", re.IGNORECASE),
    "celery_rabbitmq": re.compile(r"rabbitmq|amqp://", re.IGNORECASE),
    "mail": re.compile(r"smtp|mailpit|password.recovery", re.IGNORECASE),
}


def test_features_that_are_off_leave_no_trace(baked: tuple[Path, dict[str, Any]]) -> None:
    project, chosen = baked
    enabled = features.enabled_features(chosen)
    traces = [
        f"{feature}: {path.relative_to(project)}"
        for feature, pattern in TRACES.items()
        if feature not in enabled
        for path in project_files(project)
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert traces == []


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
    # The post-generation hook joins the settings parts into .env.example, writes .env and
    # records the answers in .cruft.json.
    expected = {path for path in expected if not path.startswith(".env.example.d/")}
    produced = {path.relative_to(project).as_posix() for path in project_files(project)}

    assert produced == expected | {".env.example", ".env", ".cruft.json"}


def test_env_has_fresh_secrets_and_is_ignored(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    env = (project / ".env").read_text()

    assert "changethis" not in env
    assert ".env\n" in (project / ".gitignore").read_text()


def test_lock_pins_exactly_this_projects_dependencies_at_the_gated_versions(
    baked: tuple[Path, dict[str, Any]],
) -> None:
    """The post-generation hook narrowed the pinned set to this project: a lock uv accepts for
    its pyproject.toml as it is (what CI's and the Dockerfile's `uv sync --locked` ask), whose
    every version is the one the gates passed with.
    """
    project, _ = baked
    run([tool("uv"), "lock", "--check", "--offline", "--quiet"], project)

    locked = pinned.locked_versions(project / "uv.lock")
    assert locked.items() <= pinned.locked_versions(pinned.PINNED / "uv.lock").items()


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
    "compose.prod.yaml": "vendor.compose-spec",
    ".github/workflows/ci.yml": "vendor.github-workflows",
    ".github/workflows/template.yml": "vendor.github-workflows",
    ".github/dependabot.yml": "vendor.dependabot",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
    "renovate.json": "vendor.renovate",
}


def test_files_with_a_published_schema_follow_it(baked: tuple[Path, dict[str, Any]]) -> None:
    project, _ = baked
    for name, schema in SCHEMAS.items():
        if (project / name).is_file():
            run([tool("check-jsonschema"), "--builtin-schema", schema, name], cwd=project)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_compose_runs_without_a_dotenv(bake: Bake, database: str) -> None:
    """A fresh clone has no .env (git ignores it); compose must not need one."""
    project = bake({"database": database})
    services = yaml.safe_load((project / "compose.yaml").read_text())["services"]

    assert services["api"]["env_file"] == [{"path": ".env", "required": False}]


def lacks(project: Path, chosen: dict[str, Any], path: str, feature: str) -> bool:
    """Whether the bake has no `path`, which must then be because `feature` is off."""
    if (project / path).exists():
        return False
    assert feature not in features.enabled_features(chosen), f"{feature} is on, {path} is missing"
    return True


def test_dockerfile_passes_hadolint(baked: tuple[Path, dict[str, Any]]) -> None:
    """No finding at any level, info included (hadolint's default threshold)."""
    project, chosen = baked
    if lacks(project, chosen, "Dockerfile", "docker"):
        return

    assert run([tool("hadolint"), "--no-color", "Dockerfile"], cwd=project) == ""


def test_every_server_command_leaves_forwarded_headers_to_the_app(
    baked: tuple[Path, dict[str, Any]],
) -> None:
    """uvicorn believes X-Forwarded-For from 127.0.0.1 unless told not to; the app's
    TRUSTED_PROXIES alone decides, so every command that serves the app says so.
    """
    project, chosen = baked
    makefile = (project / "Makefile").read_text(encoding="utf-8")
    commands = [line.split() for line in makefile.splitlines() if " uvicorn " in line]
    if not lacks(project, chosen, "Dockerfile", "docker"):
        commands += [
            deployment.server_command(project),
            deployment.compose(project)["services"]["api"]["command"],
        ]
    assert commands
    for command in commands:
        assert "--no-proxy-headers" in command, command


def test_compose_files_name_only_what_exists(baked: tuple[Path, dict[str, Any]]) -> None:
    """Services, settings, ports, volumes and commands the compose files name are real."""
    project, chosen = baked
    if lacks(project, chosen, "compose.yaml", "docker"):
        return
    settings = deployment.documented_settings(project)
    server = deployment.server_command(project)
    port = deployment.exposed_port(project)
    enabled = features.enabled_features(chosen)
    database = ["db"] if "postgresql" in enabled else []
    redis = ["redis"] if "redis" in enabled else []
    rabbitmq = ["rabbitmq"] if "celery_rabbitmq" in enabled else []
    workers = ["worker", "beat"] if "celery" in enabled else []
    mailpit = ["mailpit"] if "mail" in enabled else []
    collector = ["otel-collector"] if "otel_collector" in enabled else []
    always = [*database, "migrate", "api", *redis, *rabbitmq, *workers]

    for name, extra in (("compose.yaml", mailpit), ("compose.prod.yaml", ["nginx", *collector])):
        spec = deployment.compose(project, name)
        services = spec["services"]
        assert sorted(services) == sorted([*always, *extra]), name
        assert services["migrate"]["command"] == deployment.migration_command(project)
        for service, body in services.items():
            for needed, condition in body.get("depends_on", {}).items():
                assert needed in services, f"{name}: {service} waits for {needed}"
                if condition["condition"] == "service_healthy":
                    assert "healthcheck" in services[needed] or "build" in services[needed]
            for volume in body.get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith("."):
                    assert (project / source).exists(), f"{name}: {source}"
                else:
                    assert source in spec["volumes"], f"{name}: volume {source}"
            if "build" in body:
                unknown = set(body["environment"]) - set(settings) - deployment.SERVER_VARIABLES
                assert unknown == set(), f"{name}: {service} sets {unknown}"
        interpolated = re.findall(r"\$\{(\w+)(:-)?", (project / name).read_text())
        assert {var for var, default in interpolated if not default} <= set(settings), name

    dev_api = deployment.compose(project)["services"]["api"]
    assert dev_api["command"][:2] == server[:2]
    assert deployment.option(dev_api["command"], "--port") == str(port)
    assert dev_api["ports"][0].endswith(f":{port}")
    assert deployment.option(server, "--port") == str(port)
    # The production API runs the image's own command and publishes nothing but nginx.
    prod = deployment.compose(project, "compose.prod.yaml")["services"]
    assert "command" not in prod["api"]
    assert [name for name, body in prod.items() if "ports" in body] == ["nginx"]


def test_nginx_config_passes_nginx_t_and_fits_the_api(
    baked: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """`nginx -t` on the generated file, included where the nginx image includes it."""
    project, chosen = baked
    config = project / "deploy" / "nginx" / "default.conf"
    if lacks(project, chosen, "deploy/nginx/default.conf", "docker"):
        return
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {config};\n}}\n"
    )
    run([deployment.nginx(), "-t", "-q", "-p", str(tmp_path), "-c", str(main)], cwd=project)

    text = config.read_text()
    body_size = re.search(r"client_max_body_size (\w+);", text)
    assert body_size is not None
    limit = int(deployment.documented_settings(project)["MAX_REQUEST_BODY_BYTES"])
    assert deployment.size_in_bytes(body_size.group(1)) == limit
    assert f"http://api:{deployment.exposed_port(project)};" in text
    if "file_transfer" in features.enabled_features(chosen):
        # Uploads stream through with room for MAX_UPLOAD_BYTES and the multipart framing.
        uploads = re.search(r"location /api/v1/files/ \{(.*?)\}", text, re.DOTALL)
        assert uploads is not None
        upload_size = re.search(r"client_max_body_size (\w+);", uploads.group(1))
        assert upload_size is not None
        largest = int(deployment.documented_settings(project)["MAX_UPLOAD_BYTES"]) + 64 * 1024
        assert deployment.size_in_bytes(upload_size.group(1)) >= largest
        assert "proxy_request_buffering off;" in uploads.group(1)
    if "observability" in features.enabled_features(chosen):
        assert re.search(r"location = /metrics \{\s*return 404;", text)


def test_github_workflows_pass_zizmor_and_actionlint(baked: tuple[Path, dict[str, Any]]) -> None:
    project, chosen = baked
    if lacks(project, chosen, ".github/workflows", "github_ci"):
        return

    run([tool("zizmor"), "--offline", "--no-progress", "--format", "plain", ".github"], project)
    output = run([deployment.actionlint()], cwd=project)
    assert "Checking 2 workflow file(s)" in output


# Where a GitHub job reaches its service containers: the ports they publish on the runner.
LOOPBACK = {"127.0.0.1", "localhost"}
# What GitHub's ubuntu-latest runners come with, for a package the tests would install: the
# browser tests also accept Google Chrome.
ON_GITHUB_RUNNERS = {"chromium": "google-chrome"}


def assert_serves(project: Path, setting: str, url: SplitResult, image: str) -> None:
    """The image serves the URL's scheme, in the version compose runs."""
    repository, version = deployment.image_version(image)
    scheme = url.scheme.split("+")[0]
    expected = deployment.SERVER_IMAGES.get(scheme)
    assert expected, f"{setting}: which image serves {scheme}? (deployment.SERVER_IMAGES)"
    assert repository == expected, f"{setting}: {image} for {scheme}"
    if (project / "compose.yaml").is_file():
        composed = deployment.compose_images(project)[repository]
        assert version == composed, f"{setting}: {image}, while compose runs {composed}"


def test_github_workflow_serves_what_the_tests_use(baked: tuple[Path, dict[str, Any]]) -> None:
    """Each server URL .env.example documents is published on the runner, on the URL's port,
    by a health-checked container of the test job; what the tests start themselves is there.
    """
    project, chosen = baked
    if lacks(project, chosen, ".github/workflows/ci.yml", "github_ci"):
        return
    job, environment = deployment.github_test_job(project)
    services = job.get("services", {})
    used = set()
    for setting, documented in deployment.server_urls(project).items():
        url = urlsplit(environment.get(setting, documented.geturl()))
        assert url.hostname in LOOPBACK, f"{setting}: {url.geturl()}"
        serving = [
            name for name, body in services.items() if url.port in deployment.published_ports(body)
        ]
        assert len(serving) == 1, f"{setting}: port {url.port} is published by {serving}"
        assert_serves(project, setting, url, services[serving[0]]["image"])
        used |= set(serving)

    assert used == set(services), "a service no test uses"
    assert all("--health-cmd" in body.get("options", "") for body in services.values())
    steps = [step.get("run", "") for step in job["steps"]]
    for package in deployment.packages_the_tests_need(project) - deployment.apt_installed(steps):
        instead = ON_GITHUB_RUNNERS.get(package)
        assert instead, f"the tests need {package}, which the job does not install"
        lookup = (project / "tests" / "utils" / "browser.py").read_text(encoding="utf-8")
        assert f'"{instead}"' in lookup, f"the tests need {package} and do not take {instead}"


def test_gitlab_pipeline_points_the_tests_at_its_services(
    baked: tuple[Path, dict[str, Any]],
) -> None:
    """Each server URL .env.example documents is set, for the test job, to a service the job
    starts (by its hostname, never the job's own loopback), on the documented port; what the
    tests start themselves is installed.
    """
    project, chosen = baked
    if lacks(project, chosen, ".gitlab-ci.yml", "gitlab_ci"):
        return
    job, variables = deployment.gitlab_test_job(project)
    services = deployment.gitlab_services(job)
    by_host = {host: body for body in services for host in deployment.gitlab_hostnames(body)}
    used = []
    for setting, documented in deployment.server_urls(project).items():
        assert setting in variables, f"{setting} is left at {documented.geturl()}"
        url = urlsplit(variables[setting])
        assert url.hostname in by_host, f"{setting}: no service is {url.hostname}"
        assert (url.scheme, url.port) == (documented.scheme, documented.port), setting
        service = by_host[url.hostname]
        assert_serves(project, setting, url, service["name"])
        waited_for = service.get("variables", {}).get("HEALTHCHECK_TCP_PORT", url.port)
        assert int(waited_for) == url.port, f"{setting}: the runner waits for {waited_for}"
        used.append(service["name"])

    assert sorted(set(used)) == sorted(body["name"] for body in services), "unused service"
    script = [*job.get("before_script", []), *job["script"]]
    missing = deployment.packages_the_tests_need(project) - deployment.apt_installed(script)
    assert missing == set(), f"the tests need {missing}, which the job does not install"


def test_kubernetes_overlays_render_and_follow_the_schemas(
    baked: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Each overlay rendered by kustomize, every object checked against two Kubernetes
    versions' schemas, unknown fields refused.
    """
    project, chosen = baked
    if lacks(project, chosen, "deploy/kubernetes", "kubernetes"):
        return
    for overlay in deployment.KUSTOMIZE_OVERLAYS:
        rendered = tmp_path / f"{overlay}.yaml"
        rendered.write_text(yaml.safe_dump_all(deployment.kustomize(project, overlay)))
        for version in KUBERNETES_VERSIONS:
            run([tool("kubernetes-validate"), "--strict", "--quiet", "-k", version,
                 str(rendered)], cwd=project)  # fmt: skip


# The oldest minor version still supported by the large providers, and the newest.
KUBERNETES_VERSIONS = ("1.32.0", "1.37.0")


def test_kubernetes_overlays_run_the_image_they_name(baked: tuple[Path, dict[str, Any]]) -> None:
    """Every container of every workload in an overlay runs the image the overlay's own
    `images` entry names, with its tag or digest: none is left with the base's bare name.
    """
    project, chosen = baked
    if lacks(project, chosen, "deploy/kubernetes", "kubernetes"):
        return
    for overlay in deployment.KUSTOMIZE_OVERLAYS:
        (reference,) = deployment.overlay_images(project, overlay).values()
        images = deployment.container_images(deployment.kustomize(project, overlay))

        assert images != {}, overlay
        assert images == dict.fromkeys(images, reference), overlay


def test_kubernetes_overlays_pass_trivy(baked: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """trivy's built-in Kubernetes checks, offline, find nothing at any severity in either
    rendered overlay beyond TRIVY_NOT_APPLICABLE; the registry trusted is the one the
    overlays deploy from, so an image from anywhere else is a finding.
    """
    project, chosen = baked
    if lacks(project, chosen, "deploy/kubernetes", "kubernetes"):
        return
    trivy = deployment.trivy()
    rendered, data = tmp_path / "rendered", tmp_path / "data"
    rendered.mkdir()
    data.mkdir()
    registries = set()
    for overlay in deployment.KUSTOMIZE_OVERLAYS:
        documents = deployment.kustomize(project, overlay)
        (rendered / f"{overlay}.yaml").write_text(yaml.safe_dump_all(documents))
        images = deployment.overlay_images(project, overlay).values()
        registries |= {image.split("/")[0] for image in images}
    trusted = {"ksv0125": {"trusted_registries": sorted(registries)}}
    (data / "trusted_registries.json").write_text(json.dumps(trusted))

    # A fresh cache and no check update: the checks built into this trivy, never a download.
    output = run([trivy, "config", "--quiet", "--format", "json", "--skip-check-update",
                  "--skip-version-check", "--disable-telemetry", "--misconfig-scanners",
                  "kubernetes", "--cache-dir", str(tmp_path / "cache"), "--config-data",
                  str(data), str(rendered)], cwd=project)  # fmt: skip
    results = json.loads(output)["Results"]
    findings = [
        f"{result['Target']}: {finding['ID']} {finding['Message']}"
        for result in results
        for finding in result.get("Misconfigurations", [])
        if finding["Status"] == "FAIL"
        and not any(
            check == finding["ID"] and text in finding["Message"]
            for check, text in TRIVY_NOT_APPLICABLE
        )
    ]

    assert sorted(result["Target"] for result in results) == sorted(
        f"{overlay}.yaml" for overlay in deployment.KUSTOMIZE_OVERLAYS
    )
    assert all(result["MisconfSummary"]["Successes"] > 0 for result in results)
    assert findings == []


# trivy findings that do not apply, by check and the text that singles the finding out.
TRIVY_NOT_APPLICABLE = {
    ("KSV-01010", """'{"LOG_LEVEL"}'"""): "INFO and DEBUG match its passport-number pattern",
}


def test_kubernetes_manifests_fit_the_image_and_the_settings(
    baked: tuple[Path, dict[str, Any]],
) -> None:
    project, chosen = baked
    if lacks(project, chosen, "deploy/kubernetes", "kubernetes"):
        return
    server = deployment.server_command(project)
    grace = int(deployment.option(server, "--timeout-graceful-shutdown"))
    settings = deployment.documented_settings(project)
    makefile = (project / "Makefile").read_text()

    for overlay in deployment.KUSTOMIZE_OVERLAYS:
        documents = deployment.kustomize(project, overlay)
        api = deployment.manifest(documents, "Deployment", "api")
        pod = api["spec"]["template"]["spec"]
        container = pod["containers"][0]
        migration = deployment.manifest(documents, "Job", "migrate")
        job = migration["spec"]["template"]["spec"]
        assert container["command"] == server
        assert job["containers"][0]["command"] == deployment.migration_command(project)
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        assert ports == {"http": deployment.exposed_port(project)}
        probes = {kind: container[f"{kind}Probe"]["httpGet"] for kind in PROBES}
        assert {probe["port"] for probe in probes.values()} == {"http"}
        assert {kind: probe["path"] for kind, probe in probes.items()} == PROBES
        if "observability" in features.enabled_features(chosen):
            scrape = api["spec"]["template"]["metadata"]["annotations"]
            assert scrape["prometheus.io/port"] == str(deployment.exposed_port(project))
            assert scrape["prometheus.io/path"] == "/metrics"
        pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pod["terminationGracePeriodSeconds"] > pause + grace
        for spec in (pod, job):
            assert spec["securityContext"]["runAsNonRoot"] is True
            assert spec["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True
            assert set(spec["containers"][0]["resources"]) == {"requests", "limits"}

        config = next(doc for doc in documents if doc["kind"] == "ConfigMap")["data"]
        secret = deployment.manifest(documents, "Secret", "secrets")["stringData"]
        assert set(config) | set(secret) <= set(settings) | deployment.SERVER_VARIABLES
        assert "changethis" not in config.values()
        ingress = deployment.manifest(documents, "Ingress", "api")
        hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
        assert hosts <= set(config["ALLOWED_HOSTS"].split(","))
        annotations = ingress["metadata"]["annotations"]
        body_size = annotations["nginx.ingress.kubernetes.io/proxy-body-size"]
        assert deployment.size_in_bytes(body_size) == int(settings["MAX_REQUEST_BODY_BYTES"])

        # `make deploy` names the objects this overlay renders.
        namespace = api["metadata"]["namespace"]
        slug = chosen["project_slug"].replace("_", "-")
        assert namespace == f"{slug}-{overlay}"
        assert f"NAMESPACE ?= {slug}-$(OVERLAY)" in makefile
        assert f"job/{migration['metadata']['name']} " in makefile
        assert f"deployment/{api['metadata']['name']} " in makefile

        if "kubernetes_celery" in features.enabled_features(chosen):
            beat = deployment.manifest(documents, "Deployment", "beat")["spec"]
            assert (beat["replicas"], beat["strategy"]["type"]) == (1, "Recreate")
            for name in ("worker", "beat"):
                spec = deployment.manifest(documents, "Deployment", name)["spec"]
                command = spec["template"]["spec"]["containers"][0]["command"]
                assert command[:4] == deployment.compose(project)["services"][name]["command"][:4]


# The path each probe asks, as the app's health router serves them (the gates check the
# routes themselves).
PROBES = {"startup": "/health/live", "liveness": "/health/live", "readiness": "/health/ready"}
