"""The offline-bundle helpers (deploy/offline), on small hand-made inputs."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "deploy" / "offline"))

import make_bundle
import site_zip


def _site(tmp_path, page: str, css: str = "body {}"):
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "_static" / "style.css").write_text(css, encoding="utf-8")
    return site


def test_site_zip_puts_everything_under_one_folder(tmp_path):
    site = _site(
        tmp_path,
        '<script src="_static/vendor/require.js"></script><a href="https://gov.cn">法规</a>',
    )
    archive = tmp_path / "site.zip"
    assert site_zip.zip_site(site, archive, "casebook-trainee") == 2
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == [
            "casebook-trainee/_static/style.css",
            "casebook-trainee/index.html",
        ]


@pytest.mark.parametrize(
    ("page", "css"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/x.js"></script>', ""),
        ('<link rel="stylesheet" href="//unpkg.com/a.css">', ""),
        ("<p>ok</p>", "@font-face { src: url('https://fonts.gstatic.com/a.woff2') }"),
    ],
)
def test_site_zip_refuses_a_page_that_loads_from_a_cdn(tmp_path, page, css):
    site = _site(tmp_path, page, css)
    with pytest.raises(SystemExit, match="load from a CDN"):
        site_zip.zip_site(site, tmp_path / "site.zip", "casebook-trainee")
    assert not (tmp_path / "site.zip").exists()


def test_site_zip_needs_a_built_site(tmp_path):
    with pytest.raises(SystemExit, match="make book"):
        site_zip.zip_site(tmp_path, tmp_path / "site.zip", "x")


def test_bundle_compares_pins_with_wheel_names(tmp_path):
    req = tmp_path / "requirements.txt"
    req.write_text("# pins\nruamel.yaml==0.19.1\nPyJWT==2.15.1\njupyterhub-idle-culler==2.0.0\n")
    for wheel in (
        "ruamel.yaml-0.19.1-py3-none-any.whl",
        "pyjwt-2.15.1-py3-none-any.whl",
        "jupyterhub_idle_culler-1.4.0-py3-none-any.whl",
    ):
        (tmp_path / wheel).touch()
    pins, wheels = make_bundle.pins(req), make_bundle.wheels(tmp_path)
    assert pins == {"ruamel_yaml": "0.19.1", "pyjwt": "2.15.1", "jupyterhub_idle_culler": "2.0.0"}
    assert {n for n, v in pins.items() if wheels.get(n) != v} == {"jupyterhub_idle_culler"}


def test_offline_install_refuses_a_folder_that_is_not_a_bundle(tmp_path):
    proc = subprocess.run(
        ["bash", str(ROOT / "deploy" / "offline" / "install.sh"), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "不是离线安装包" in proc.stderr and str(tmp_path) in proc.stderr


def test_install_offline_without_bundle_says_how(tmp_path):
    proc = subprocess.run(
        ["make", "-s", "install-offline"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode != 0
    assert "make install-offline BUNDLE=" in proc.stderr
