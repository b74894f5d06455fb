"""Run a script with the pinned AWS CLI's venv (stdlib only, imported before awscli)."""

import os
import sys

AWSCLI_VERSION = "1.46.2"


def venv_dir():
    return os.environ.get("TIPWIZ_AWSCLI_VENV") or os.path.join(
        os.path.expanduser("~"), ".cache", "tipwiz-awscli-" + AWSCLI_VERSION
    )


def ensure(script):
    """Return if this interpreter has awscli AWSCLI_VERSION; else re-exec script with the
    venv's python (made by setup.sh), or exit 2 saying how to make it."""
    try:
        from importlib.metadata import version

        if version("awscli") == AWSCLI_VERSION:
            return
    except Exception:
        pass
    name = os.path.basename(script)
    if os.environ.get("_TIPWIZ_AWSCLI_REEXEC"):
        sys.stderr.write("%s: the venv's python has no awscli %s; run setup.sh\n" % (name, AWSCLI_VERSION))
        sys.exit(2)
    py = os.path.join(venv_dir(), "bin", "python")
    if not os.path.exists(py):
        sys.stderr.write(
            "%s: no venv at %s; run %s first (or set TIPWIZ_AWSCLI_VENV)\n"
            % (name, venv_dir(), os.path.join(os.path.dirname(os.path.abspath(script)), "setup.sh"))
        )
        sys.exit(2)
    os.environ["_TIPWIZ_AWSCLI_REEXEC"] = "1"
    os.execv(py, [py, os.path.abspath(script)] + sys.argv[1:])
