"""Import time in fresh interpreters, and where it goes."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from common import BenchError, run

# The best run counts, as in layers.py: on a shared machine the median of five still moved
# by a third from one run to the next, the fastest run by a few percent.
IMPORT_RUNS = 7
SLOWEST = 10  # packages listed in the import breakdown

# Every module outside the standard library and the service's own package that importing
# the app loaded: together, the floor the service's import time is measured against.
LIBRARY_MODULES = """
import json, sys
import {module}
own = "{module}".partition(".")[0]
print(json.dumps(sorted(
    name for name in sys.modules
    if name.partition(".")[0] not in sys.stdlib_module_names | {{own, "__main__"}}
)))
"""
# Import each of them, as one statement would; a module that only loads as a side effect of
# another (a C extension's private part, say) is skipped, since its importer brings it in.
IMPORT_ALL = """
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


def _clean(env: dict[str, str]) -> dict[str, str]:
    # Deployed images compile bytecode; measure that, not a machine-wide "don't write .pyc".
    return {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}


def _best_seconds(
    python: Path, code: str, args: list[str], cwd: Path, env: dict[str, str]
) -> float:
    # What the timing and IMPORT_ALL need is imported before the clock starts.
    timed = (
        "import importlib, json, sys, time\nt = time.perf_counter()\n"
        f"{code}\nprint(time.perf_counter() - t)"
    )
    cmd: list[str | Path] = [python, "-c", timed, *args]
    run(cmd, cwd=cwd, env=_clean(env))  # warm-up: bytecode caches written
    samples = [float(run(cmd, cwd=cwd, env=_clean(env)).split()[-1]) for _ in range(IMPORT_RUNS)]
    return min(samples)


def import_time(python: Path, module: str, cwd: Path, env: dict[str, str]) -> float:
    """Best-of-IMPORT_RUNS seconds to import a module in a fresh interpreter (start-up
    itself excluded).
    """
    return _best_seconds(python, f"import {module}", [], cwd, env)


def libraries_time(python: Path, module: str, cwd: Path, env: dict[str, str]) -> float:
    """Best-of-IMPORT_RUNS seconds to import, alone, every third-party module that importing
    ``module`` loads.
    """
    names = run([python, "-c", LIBRARY_MODULES.format(module=module)], cwd=cwd, env=_clean(env))
    return _best_seconds(python, IMPORT_ALL, [names.strip()], cwd, env)


def slowest_packages(python: Path, module: str, cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds of ``-X importtime`` self time per top-level package, the slowest first."""
    cmd = [str(python), "-X", "importtime", "-c", f"import {module}"]
    done = subprocess.run(cmd, cwd=cwd, env=_clean(env), capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError(f"failed: {' '.join(cmd)}\n{done.stderr[-4000:]}")
    per_package: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        # import time:       self [us] |  cumulative | imported package
        head, _, rest = line.partition(":")
        if head != "import time" or "self [us]" in rest:
            continue
        self_us, _, name = (part.strip() for part in rest.split("|"))
        per_package[name.partition(".")[0]] += int(self_us)
    return {name: us / 1e6 for name, us in per_package.most_common(SLOWEST)}
