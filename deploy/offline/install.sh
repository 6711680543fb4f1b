#!/usr/bin/env bash
# Install the project from an offline bundle (make bundle): no package index, no npm registry.
#
#   make install-offline BUNDLE=.                       # inside the extracted bundle folder
#   make install-offline BUNDLE=casebook-offline-….tar.gz   # into this checkout
#
# usage: deploy/offline/install.sh BUNDLE [VENV]   (run from the project folder; PYTHON=python3.11)
set -euo pipefail

bundle=${1:?usage: install.sh BUNDLE [VENV]}
venv=${2:-.venv}
python=${PYTHON:-python3}
here=$(pwd -P)

if [ -f "$bundle" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "== 解压 $bundle"
  tar -xzf "$bundle" -C "$work"
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
elif [ -d "$bundle" ]; then
  src=$(cd "$bundle" && pwd -P)
else
  echo "找不到离线安装包：$bundle" >&2
  exit 2
fi
if [ ! -f "$src/BUNDLE.json" ] || [ ! -d "$src/wheelhouse" ]; then
  echo "$bundle 不是离线安装包（缺少 BUNDLE.json 或 wheelhouse/）；请用 make bundle 生成。" >&2
  exit 2
fi

want=$(sed -n 's/.*"python": "\([0-9.]*\)".*/\1/p' "$src/BUNDLE.json")
have=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$want" != "$have" ]; then
  echo "安装包是为 Python $want 准备的，而 $python 是 Python $have：请安装 Python $want，再用 PYTHON=python$want 运行。" >&2
  exit 2
fi

# Nothing may come from a network: no index, only the bundle's wheels, no pip config of the
# machine (a proxy or an index URL there is not used).
export PIP_NO_INDEX=1 PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_FIND_LINKS="$src/wheelhouse"

if [ "$src" != "$here" ]; then
  echo "== 复制网站、浏览器资源和 configurable-http-proxy"
  for folder in _vendor_static deploy/node_modules _build/html _build/trainer/html; do
    rm -rf "${here:?}/$folder"
    mkdir -p "$(dirname "$here/$folder")"
    cp -a "$src/$folder" "$here/$folder"
  done
fi

echo "== 创建虚拟环境 $venv（pip --no-index，只用 wheelhouse/ 中的 $(ls "$src"/wheelhouse/*.whl | wc -l) 个 wheel）"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --no-index --find-links "$src/wheelhouse" -r requirements.txt
"$venv/bin/python" -m pip install --quiet --no-index --no-deps --no-build-isolation -e .

# Tell make that everything is in place, so `make train` / `make hub` / `make serve` install
# nothing more (the markers are the ones `make install`, `make vendor` and npm ci leave).
touch "$venv/.installed" _vendor_static/.vendored deploy/node_modules/.installed

if ! node_version=$(node --version 2>/dev/null); then
  echo "注意：没有找到 Node.js。make hub 需要 Node.js 20 或更高版本（运行 configurable-http-proxy）；make train 和网站不需要。" >&2
elif [ "$(echo "$node_version" | sed 's/^v\([0-9]*\).*/\1/')" -lt 20 ]; then
  echo "注意：Node.js $node_version 太旧，make hub 需要 20 或更高版本。" >&2
fi
echo "== 完成：make train（模拟器）、make hub（培训室 JupyterHub）、make serve（网站）"
