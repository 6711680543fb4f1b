"""Fetch pinned browser assets from the npm registry and copy them into a static folder.

Usage: python tools/vendor_assets.py vendor/assets.json _vendor_static

Each package tarball is fetched with ``npm pack`` (the npm registry is the only source),
checked against the sha512 integrity pinned in the manifest, and only the listed files are
extracted. The destination is replaced atomically, so a failed run leaves the old copy.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path


def integrity_of(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def fetch(name: str, version: str, workdir: Path) -> Path:
    result = subprocess.run(
        [
            "npm",
            "pack",
            f"{name}@{version}",
            "--pack-destination",
            str(workdir),
            "--json",
            "--loglevel=error",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    filename = json.loads(result.stdout)[0]["filename"]
    return workdir / filename.replace("@", "").replace("/", "-")


def extract(tarball: Path, files: dict[str, str], dest: Path) -> int:
    copied = 0
    with tarfile.open(tarball) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        for pattern, target in files.items():
            matched = [m for m in members if fnmatch.fnmatchcase(m.name, pattern)]
            if not matched:
                raise SystemExit(f"{tarball.name}: no file matches {pattern!r}")
            for member in matched:
                out = (
                    dest / target / Path(member.name).name
                    if target.endswith("/")
                    else dest / target
                )
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                copied += 1
    return copied


def main(manifest_path: str, destination: str) -> int:
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    dest = Path(destination)
    staging = Path(
        tempfile.mkdtemp(prefix=".vendor-", dir=dest.parent if dest.parent.exists() else None)
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for package in manifest["packages"]:
                tarball = fetch(package["name"], package["version"], Path(tmp))
                actual = integrity_of(tarball)
                if actual != package["integrity"]:
                    raise SystemExit(
                        f"{manifest_path}: integrity mismatch for {package['name']}@{package['version']}: "
                        f"expected {package['integrity']}, got {actual}"
                    )
                count = extract(tarball, package["files"], staging)
                print(f"vendored {package['name']}@{package['version']}: {count} files")
        if dest.exists():
            shutil.rmtree(dest)
        staging.rename(dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
