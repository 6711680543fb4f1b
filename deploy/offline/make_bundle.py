"""Write the offline bundle: one archive from which a machine with no registry access installs.

    python deploy/offline/make_bundle.py --out _build/casebook-offline-0.1.0.tar.gz \
        --name casebook-offline-0.1.0

The archive holds one folder with

* the project's tracked files (``git ls-files``: Makefile, requirements.txt, notebooks, …);
* ``wheelhouse/``: a wheel of every pin in requirements.txt (``pip wheel``, which takes the
  files from pip's cache when ``make install`` has just downloaded them);
* the vendored JavaScript: ``_vendor_static/`` (widget manager, RequireJS, MathJax) and
  ``deploy/node_modules/`` (configurable-http-proxy);
* both built editions of the site: ``_build/html/`` and ``_build/trainer/html/``;
* ``BUNDLE.json``: what it was built from and for (Python version, platform).

``make install-offline BUNDLE=.`` (deploy/offline/install.sh) then installs from it.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = {
    "_vendor_static": "vendored browser assets (make vendor)",
    "deploy/node_modules": "configurable-http-proxy (npm ci in deploy/)",
    "_build/html": "trainee edition of the site (make book)",
    "_build/trainer/html": "trainer edition of the site (make book EDITION=trainer)",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def pins(requirements: Path) -> dict[str, str]:
    """``{normalised name: version}`` of the exact pins in a requirements file."""
    found = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            found[normalise(name)] = version.strip()
    return found


def wheels(folder: Path) -> dict[str, str]:
    """``{normalised name: version}`` of the wheels in ``folder``."""
    found = {}
    for wheel in folder.glob("*.whl"):
        name, version = wheel.name.split("-")[:2]
        found[normalise(name)] = version
    return found


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"make bundle needs a git checkout of the project: {exc}") from None
    return [name for name in out.decode().split("\0") if name and (ROOT / name).exists()]


def build(staging: Path) -> dict:
    for folder, what in COPIED.items():
        if not (ROOT / folder).is_dir():
            raise SystemExit(f"{folder}/ is missing: {what} first")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    files = tracked_files()
    for name in files:
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    for folder in COPIED:
        shutil.copytree(ROOT / folder, staging / folder, symlinks=True)

    wheelhouse = staging / "wheelhouse"
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check",
         "--wheel-dir", str(wheelhouse), "-r", str(ROOT / "requirements.txt")],
        check=True,
    )  # fmt: skip
    wheel_seconds = time.monotonic() - started
    wanted, have = pins(ROOT / "requirements.txt"), wheels(wheelhouse)
    missing = sorted(f"{n}=={v}" for n, v in wanted.items() if have.get(n) != v)
    if missing:
        raise SystemExit(f"wheelhouse lacks {', '.join(missing)}")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    info = {
        "name": staging.name,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "python": "{}.{}".format(*sys.version_info[:2]),
        "platform": sysconfig.get_platform(),
        "machine": platform.machine(),
        "wheels": len(list(wheelhouse.glob("*.whl"))),
        "tracked_files": len(files),
        "node_required": ">=20 (configurable-http-proxy, for make hub)",
    }
    (staging / "BUNDLE.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    info["wheel_seconds"] = wheel_seconds
    return info


def archive(staging: Path, out: Path) -> None:
    """``out`` (.tar.gz, gzip -1: wheels are compressed already), written atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("wb") as sink:
        tar = subprocess.Popen(
            ["tar", "-C", str(staging.parent), "--owner=0", "--group=0", "--numeric-owner",
             "-cf", "-", staging.name],
            stdout=subprocess.PIPE,
        )  # fmt: skip
        gzip = subprocess.run(["gzip", "-1"], stdin=tar.stdout, stdout=sink)
        tar.stdout.close()
        if tar.wait() != 0 or gzip.returncode != 0:
            raise SystemExit("tar | gzip failed")
    partial.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="archive to write (.tar.gz)")
    parser.add_argument("--name", required=True, help="top-level folder inside the archive")
    args = parser.parse_args(argv)
    staging = ROOT / "_build" / "bundle" / args.name
    started = time.monotonic()
    info = build(staging)
    archive(staging, args.out)
    shutil.rmtree(staging.parent, ignore_errors=True)
    size = args.out.stat().st_size / 1024 / 1024
    print(
        f"{args.out}: {size:.0f} MB, {info['wheels']} wheels (pip wheel {info['wheel_seconds']:.0f} s), "
        f"Python {info['python']} on {info['platform']}, {time.monotonic() - started:.0f} s in all"
    )
    print(
        f"on the target: tar xzf {args.out.name} && cd {args.name} && make install-offline BUNDLE=."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
