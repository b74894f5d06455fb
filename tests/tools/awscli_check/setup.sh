#!/usr/bin/env bash
# Creates (once) a virtualenv holding the pinned AWS CLI v1 and the botocore it brings.
#
#   TIPWIZ_AWSCLI_VENV  where the venv lives (default: $HOME/.cache/tipwiz-awscli-1.46.2)
#   PYTHON              the interpreter that creates it (default: python3)
#
# Idempotent: when the venv's python imports awscli 1.46.2 (and the botocore it pins) and the
# previous run finished (marker file), nothing is done. A half-made venv (interrupted run,
# other version) is rebuilt. Prints the venv's python path on its last line.
set -euo pipefail

AWSCLI_VERSION=1.46.2
VENV="${TIPWIZ_AWSCLI_VENV:-$HOME/.cache/tipwiz-awscli-$AWSCLI_VERSION}"
PYTHON="${PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="$VENV/bin/python"
MARKER="$VENV/.tipwiz-awscli-ok"

ready() {
    [ -x "$PY" ] && [ -f "$MARKER" ] && "$PY" - "$AWSCLI_VERSION" <<'EOF' >/dev/null 2>&1
import sys
import awscli, awscli.clidriver, botocore, jmespath
sys.exit(0 if awscli.__version__ == sys.argv[1] else 1)
EOF
}

if ready; then
    echo "awscli $AWSCLI_VERSION already installed in $VENV" >&2
    echo "$PY"
    exit 0
fi

# Only ever clear a directory that is a venv (has pyvenv.cfg) or is empty/missing.
if [ -e "$VENV" ] && [ ! -f "$VENV/pyvenv.cfg" ] && [ -n "$(ls -A "$VENV" 2>/dev/null)" ]; then
    echo "setup.sh: $VENV exists and is not a virtualenv; refusing to overwrite it" >&2
    exit 2
fi

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
    echo "setup.sh: awscli $AWSCLI_VERSION needs Python 3.10 or newer; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
    exit 2
fi
echo "creating $VENV with awscli==$AWSCLI_VERSION" >&2
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv --clear "$VENV"
# -q keeps CI logs short; constraints pin the transitive packages that change behaviour
# (botocore is pinned exactly by awscli itself; jmespath decides what --query returns).
"$PY" -m pip install -q --disable-pip-version-check --no-input \
    -c "$HERE/constraints.txt" "awscli==$AWSCLI_VERSION"

if ! "$PY" -c "import awscli, sys; sys.exit(0 if awscli.__version__ == '$AWSCLI_VERSION' else 1)"; then
    echo "setup.sh: awscli $AWSCLI_VERSION did not import from $VENV" >&2
    exit 1
fi
"$PY" -c "import awscli, botocore, jmespath; print('awscli', awscli.__version__, 'botocore', botocore.__version__, 'jmespath', jmespath.__version__)" >&2
touch "$MARKER"
echo "$PY"
