#!/usr/bin/env python3
"""Check AWS CLI command lines offline against the pinned AWS CLI (1.46.2) and its models.

    python3 check.py [FILE|-] [--check-expected] [--pretty]

Each input line is a JSON array of the argv after `aws`, for example
    ["kms", "create-key", "--policy", "{...}", "--multi-region", "--region", "us-east-1"]
or an object {"argv": [...], "name": "...", "expect": "ok"|"rejected"|"violation"|"error",
"expect_problems": [substring, ...], "expect_notes": [substring, ...], "compare_output": VALUE}
(examples.jsonl; script_to_jsonl.py writes name and compare_output).
Blank lines and lines starting with # are skipped.

For each command the AWS CLI's own driver parses it in this process (shorthand, JSON, list
arguments, --cli-input-json, required options...), and the request parameters are captured on
botocore's `before-parameter-build` event, just before botocore validates and serialises them;
a private exception then stops the call. Nothing is sent: the endpoint is a dead loopback port
and a `before-send` guard would report a request that got that far. The captured parameters are
then walked against the operation's input shape (model_validate.py): required members, types,
min/max, enums, full-match patterns, list/map sizes, map keys, unions, nested members.

Output: one JSON line per input
    {"argv", "status": "ok"|"rejected"|"violation"|"error", "service", "operation",
     "params", "problems": [...], "notes": [...]}
and a last line {"summary": {...}}. Exit code 1 if any line is rejected, a violation or an
error (with --check-expected: 1 if any line with "expect" differs from it); 2 for bad usage.

Runs with any python3: it re-executes itself with the venv's python (TIPWIZ_AWSCLI_VENV, by
default ~/.cache/tipwiz-awscli-1.46.2; make it with setup.sh).
"""

from __future__ import annotations

import os
import sys

AWSCLI_VERSION = "1.46.2"
HERE = os.path.dirname(os.path.abspath(__file__))
DEAD_ENDPOINT = "http://127.0.0.1:9"
DUMMY_REGION = "us-east-1"


sys.path.insert(0, HERE)
import venv_bootstrap  # noqa: E402

if __name__ == "__main__":
    venv_bootstrap.ensure(__file__)

import argparse  # noqa: E402
import base64  # noqa: E402
import contextlib  # noqa: E402
import datetime  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

_TMP = None


def isolate_environment(profiles):
    """Dummy credentials, a private HOME and config: no user config, alias, model or plugin
    can change what is checked, and no credential or region lookup leaves the process."""
    global _TMP
    _TMP = tempfile.mkdtemp(prefix="tipwiz-awscli-check-")
    for k in list(os.environ):
        if k.startswith("AWS_") and k != "AWS_DATA_PATH":
            del os.environ[k]
    os.environ.pop("AWS_DATA_PATH", None)
    cfg = os.path.join(_TMP, "config")
    lines = ["[default]", "aws_access_key_id = testing", "aws_secret_access_key = testing", ""]
    for p in sorted(profiles):
        if p and p != "default" and re.fullmatch(r"[^\[\]\r\n]+", p) and p.strip() == p:
            section = ('"%s"' % p) if re.search(r"\s", p) and '"' not in p else p  # botocore shlex-splits
            lines += ["[profile %s]" % section, "aws_access_key_id = testing", "aws_secret_access_key = testing", ""]
    with open(cfg, "w") as f:
        f.write("\n".join(lines))
    creds = os.path.join(_TMP, "credentials")
    open(creds, "w").close()
    os.environ.update(
        {
            "HOME": _TMP,  # ~/.aws/cli/alias, ~/.aws/models, ~/.aws/config are not read
            "AWS_CONFIG_FILE": cfg,
            "AWS_SHARED_CREDENTIALS_FILE": creds,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1",
            "AWS_RETRY_MODE": "standard",
            "AWS_PAGER": "",
        }
    )


# Global options of `aws` that take a value (cli.json of awscli 1.46.2).
_GLOBAL_WITH_VALUE = {
    "--profile", "--region", "--output", "--query", "--endpoint-url", "--ca-bundle",
    "--cli-read-timeout", "--cli-connect-timeout", "--color", "--cli-binary-format",
}


def profiles_in(argv):
    out = set()
    for i, a in enumerate(argv):
        if a == "--profile" and i + 1 < len(argv):
            out.add(argv[i + 1])
        elif a.startswith("--profile="):
            out.add(a[len("--profile="):])
    return out


def prepare_argv(argv):
    """Drop any --endpoint-url and point at a dead loopback port instead."""
    out, notes, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--endpoint-url":
            notes.append("--endpoint-url %s replaced by the dead endpoint" % (argv[i + 1] if i + 1 < len(argv) else ""))
            i += 2
            continue
        if a.startswith("--endpoint-url="):
            notes.append("%s replaced by the dead endpoint" % a)
            i += 1
            continue
        out.append(a)
        i += 1
    return ["--endpoint-url", DEAD_ENDPOINT] + out, notes


def positionals(argv):
    """(service, operation) as written, skipping global options (best effort, for reports)."""
    pos, i = [], 0
    while i < len(argv) and len(pos) < 2:
        a = argv[i]
        if a in _GLOBAL_WITH_VALUE:
            i += 2
            continue
        if a.startswith("-"):
            if len(pos) == 1:
                break
            i += 1
            continue
        pos.append(a)
        i += 1
    return (pos + [None, None])[:2]


# --------------------------------------------------------------------------------- the run


class _Intercepted(BaseException):
    """Raised by the capture handler. A BaseException, so that the CLI's `except Exception`
    blocks (which print and carry on) let it through to us."""


class _HelpRequested(BaseException):
    pass


class _Run:
    def __init__(self):
        self.captured = []  # (service_name, operation_name, params)
        self.sent = []
        self.help = False

    def capture(self, params, model, **kwargs):
        self.captured.append((model.service_model.service_name, model.name, _copy(params)))
        raise _Intercepted()

    def guard(self, request=None, **kwargs):
        # Never reached when the capture works; stops a request that got this far.
        self.sent.append(getattr(request, "url", "?"))
        raise _Intercepted()


def _copy(v):
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_copy(x) for x in v]
    return v


_NET_ATTEMPTS = []  # (what, where) for the current command


def _block_network():
    """Belt and braces: no socket connects and no name lookups from this process."""
    import socket

    def refuse(what):
        def f(*args, **kwargs):
            _NET_ATTEMPTS.append((what, repr(args[1:] if what == "connect" else args[:2])))
            raise OSError("network access is disabled by check.py (%s)" % what)

        return f

    socket.socket.connect = refuse("connect")
    socket.socket.connect_ex = refuse("connect")
    socket.getaddrinfo = refuse("getaddrinfo")
    socket.gethostbyname = refuse("gethostbyname")
    socket.create_connection = refuse("create_connection")


_URL_PARAMS = []  # http(s):// values the CLI would have downloaded, for the current command


def _refuse_url_param(prefix, uri):
    import awscli.paramfile

    _URL_PARAMS.append(uri)
    raise awscli.paramfile.ResourceLoadingError(
        "AWS CLI v1 would download %s and send the content of that page as the value "
        "(cli_follow_urlparam defaults to true in v1); check.py does not fetch it. Pass the URL "
        "inside --cli-input-json, or set cli_follow_urlparam = false in the profile, or use "
        "AWS CLI v2" % uri
    )


class _NoHelpRenderer:
    def render(self, contents):
        raise _HelpRequested()


_AWSCLI = {}


def _load_awscli():
    if _AWSCLI:
        return _AWSCLI
    import awscli  # noqa: F401  (sets AWS_DATA_PATH, makes botocore importable)
    import awscli.clidriver
    import awscli.help
    import botocore
    import botocore.exceptions
    from botocore import xform_name
    from botocore.validate import ParamValidator

    import awscli.paramfile

    awscli.help.get_renderer = lambda: _NoHelpRenderer()
    # v1 downloads http(s):// parameter values at parse time: report instead of fetching.
    for prefix in ("http://", "https://"):
        awscli.paramfile.REMOTE_PREFIX_MAP[prefix] = (_refuse_url_param, {})
    _block_network()
    _AWSCLI.update(
        awscli=awscli,
        clidriver=awscli.clidriver,
        botocore=botocore,
        xform_name=xform_name,
        ParamValidator=ParamValidator,
    )
    return _AWSCLI


_SHARED = {}


def _new_driver():
    m = _load_awscli()
    driver = m["clidriver"].create_clidriver()
    # Share one data loader between the per-command sessions: models are parsed once.
    loader = _SHARED.get("loader")
    if loader is None:
        _SHARED["loader"] = driver.session.get_component("data_loader")
    else:
        driver.session.register_component("data_loader", loader)
    return driver


def run_cli(argv):
    """Runs the CLI on argv in-process. Returns a dict with what happened."""
    driver = _new_driver()
    session = driver.session
    run = _Run()
    emitter = session.get_component("event_emitter")
    emitter.register_last("before-parameter-build", run.capture, unique_id="tipwiz-capture")
    emitter.register_first("before-send", run.guard, unique_id="tipwiz-guard")
    out, err = io.StringIO(), io.StringIO()
    exc, rc, info = None, None, {"service_cli": None, "op_cli": None, "region_assumed": False}
    import logging

    loggers = [logging.getLogger(n) for n in ("awscli", "botocore", "s3transfer", "urllib3")]
    old_handlers = [list(lg.handlers) for lg in loggers]
    old_stdin, old_argv = sys.stdin, sys.argv
    sys.stdin = io.StringIO("")  # a prompt (aws configure) reads EOF
    sys.argv = ["aws"] + list(argv)  # argparse names the program after sys.argv[0]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                # CLIDriver.main() without its catch-all, so that errors keep their type.
                command_table = driver._get_command_table()
                parser = driver._create_parser(command_table)
                driver._add_aliases(command_table, parser)
                parsed_args, remaining = parser.parse_known_args(argv)
                info["service_cli"] = parsed_args.command
                info["op_cli"] = next((a for a in remaining if not a.startswith("-")), None)
                info["command_obj"] = command_table.get(parsed_args.command)
                info["global_names"] = list(driver._get_argument_table())
                driver._handle_top_level_args(parsed_args, remaining)
                if not parsed_args.region and not session.get_config_variable("region"):
                    session.set_config_variable("region", DUMMY_REGION)
                    info["region_assumed"] = True
                driver._emit_session_event(parsed_args)
                rc = command_table[parsed_args.command](remaining, parsed_args)
            except KeyboardInterrupt:
                raise
            except BaseException as e:  # noqa: BLE001 - classified by the caller
                exc = e
    finally:
        sys.stdin, sys.argv = old_stdin, old_argv
        # the CLI adds a stream handler per run (to the captured stderr): drop them
        for lg, hs in zip(loggers, old_handlers):
            lg.handlers[:] = hs
    return {"run": run, "exc": exc, "rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue(), "info": info, "session": session}


def _err_text(stderr, exc):
    text = stderr.strip()
    if exc is not None and not isinstance(exc, SystemExit):
        msg = str(exc).strip()
        text = ("%s: %s" % (type(exc).__name__, msg)) if msg else type(exc).__name__
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # argparse prints the whole usage first; its last line carries the error.
    if len(lines) > 3 and any(ln.startswith("usage:") for ln in lines):
        lines = [ln for ln in lines if "error:" in ln or "Unknown options" in ln] or lines[-2:]
    return "\n".join(lines)[:2000]


def _model_names(session, service_cli, op_cli):
    """The botocore service name and operation name for what was typed (for reports)."""
    m = _load_awscli()
    try:
        if service_cli not in session.get_available_services():
            return service_cli, None
        model = session.get_service_model(service_cli)
    except Exception:
        return service_cli, None
    if op_cli:
        for name in model.operation_names:
            if m["xform_name"](name, "-") == op_cli:
                return model.service_name, name
    return model.service_name, None


def _jsonable(v):
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        try:
            return {"$bytes": bytes(v).decode("utf-8")}
        except UnicodeDecodeError:
            return {"$base64": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if hasattr(v, "read"):
        return "<file %s>" % getattr(v, "name", "?")
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return repr(v)


def check_one(argv, compare_output=None):
    import model_validate

    result = {"argv": argv, "status": None, "service": None, "operation": None, "params": None, "problems": [], "notes": []}
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv) or not argv:
        result.update(status="error", problems=["input: not a non-empty JSON array of strings"])
        return result
    if argv[0] == "aws":
        argv = argv[1:]
        result["notes"].append("leading 'aws' dropped")
    full_argv, notes = prepare_argv(argv)
    result["notes"] += notes
    del _NET_ATTEMPTS[:], _URL_PARAMS[:]
    r = run_cli(full_argv)
    run, exc, info, session = r["run"], r["exc"], r["info"], r["session"]
    svc_cli, op_cli = info["service_cli"], info["op_cli"]
    if svc_cli is None:
        svc_cli, op_cli = positionals(argv)
    result["service"], result["operation"] = _model_names(session, svc_cli, op_cli)
    if info["region_assumed"]:
        result["notes"].append("no --region: %s assumed (the real CLI takes the profile's or AWS_REGION)" % DUMMY_REGION)
    is_s3_high_level = svc_cli == "s3" and not _is_service_command(info.get("command_obj"))
    if info.get("command_obj") is not None and op_cli and _is_service_command(info["command_obj"]):
        result["notes"] += _option_warnings(argv, info["command_obj"], op_cli, info.get("global_names", ()))
    m = _load_awscli()

    if _NET_ATTEMPTS:
        result["status"] = "error"
        result["problems"].append("internal: the CLI tried the network (%s %s); it was refused" % _NET_ATTEMPTS[0])
        result["problems"].append(_err_text(r["stderr"], exc))
        return result
    if run.sent:
        result["status"] = "error"
        result["problems"].append("internal: a request reached before-send (%s); it was stopped" % run.sent[0])
        return result
    if run.captured:
        service, operation, params = run.captured[0]
        result["params"] = _jsonable(params)
        if is_s3_high_level:
            result["status"] = "ok"
            result["service"], result["operation"] = "s3", op_cli
            result["notes"].append(
                "parsed (high-level s3 command); its first request would be s3 %s, not checked" % operation
            )
            return result
        result["service"], result["operation"] = service, operation
        if not _is_operation(info.get("command_obj"), op_cli):
            result["notes"].append("custom (high-level) CLI command: its first request, %s, was checked" % operation)
        op_model = session.get_service_model(service).operation_model(operation)
        if _is_operation(info.get("command_obj"), op_cli):
            result["notes"] += _query_warnings(argv, op_model, compare_output)
        result["notes"] += _region_warnings(session, params)
        try:
            problems, vnotes = model_validate.validate_params(params, op_model.input_shape)
        except Exception as e:  # a bug here must not look like a pass
            result["status"] = "error"
            result["problems"].append("internal: validator failed: %r" % e)
            return result
        if not problems and op_model.input_shape is not None:
            # botocore's own (weaker) validator as a cross-check of the walker
            report = m["ParamValidator"]().validate(params, op_model.input_shape)
            if report.has_errors():
                problems = ["botocore: " + ln.strip() for ln in report.generate_report().splitlines()[1:] if ln.strip()]
        result["problems"] += problems
        result["notes"] += vnotes
        result["status"] = "violation" if problems else "ok"
        return result
    if run.help or isinstance(exc, _HelpRequested):
        result["status"] = "rejected"
        result["problems"].append("help requested: no operation call")
        return result
    if exc is not None:
        result["status"] = "rejected"
        if isinstance(exc, SystemExit):
            text = _err_text(r["stderr"], None) or "argument parsing failed (exit %s)" % exc.code
            if "Invalid choice" in text:
                what = op_cli if info["service_cli"] else svc_cli
                where = ("an operation of %s" % svc_cli) if info["service_cli"] else "a service (or top-level command)"
                text = text.rstrip(":") + " -- %r is not %s in awscli %s" % (what, where, AWSCLI_VERSION)
            result["problems"].append(text)
        else:
            result["problems"].append(_err_text(r["stderr"], exc))
        return result
    if r["rc"] not in (0, None):
        result["status"] = "rejected"
        result["problems"].append(_err_text(r["stderr"], None) or "the CLI returned %s" % r["rc"])
        return result
    result["status"] = "ok"
    result["notes"].append(
        "parsed; the CLI made no request (e.g. --generate-cli-skeleton)"
        + ("; s3 high-level command" if is_s3_high_level else "")
    )
    return result


def _option_warnings(argv, service_obj, op_cli, global_names):
    """Options that argparse silently reinterprets: an abbreviation (argparse matches any
    unique prefix: --key means --key-id) and a repeated option (the last one wins, so
    `--permissions A --permissions B` sends only B)."""
    try:
        op = service_obj._get_command_table()[op_cli]
        if type(op).__name__ != "ServiceOperation":
            return []
        names = {getattr(a, "cli_name", "--" + k) for k, a in op.arg_table.items()}
    except Exception:
        return []
    names |= {"--" + g for g in global_names}
    warnings, seen = [], {}
    for tok in argv:
        if not tok.startswith("--") or tok == "--":
            continue
        opt = tok.split("=", 1)[0]
        if opt in names:
            seen[opt] = seen.get(opt, 0) + 1
            continue
        matches = sorted(n for n in names if n.startswith(opt))
        if len(matches) == 1:
            warnings.append("WARNING: %s is taken as %s (argparse accepts any unique prefix)" % (opt, matches[0]))
            seen[matches[0]] = seen.get(matches[0], 0) + 1
    for opt, n in seen.items():
        if n > 1:
            warnings.append("WARNING: %s is given %d times; only the last value is used" % (opt, n))
    return warnings


def _argv_value(argv, opt):
    val = None
    for i, a in enumerate(argv):
        if a == opt and i + 1 < len(argv):
            val = argv[i + 1]
        elif a.startswith(opt + "="):
            val = a[len(opt) + 1:]
    return val


_COMPARISON = re.compile(r"\s*(==|!=)\s*('(?:[^'\\]|\\.)*'|`[^`]*`)")


_DEFAULT = re.compile(r"\s*\|\|\s*'(?:[^'\\]|\\.)*'")


def _comparisons_dropped(q):
    """`[?A=='x' && B!='y']` becomes `[?A && B]`: each compared field must merely be present;
    and `A || 'default'` becomes `A`, so a wrong A is not hidden by its default."""
    return _DEFAULT.sub("", _COMPARISON.sub("", q))


def _query_warnings(argv, op_model, compare_output=None):
    """--query checked against the operation's output shape: an expression that selects
    nothing from a response of that shape is most likely a typo (`--output text` prints None).
    With compare_output (the script compares the printed value with it), the value must be
    one of the enum values of the member the query selects."""
    import jmespath
    from botocore.utils import ArgumentGenerator

    q = _argv_value(argv, "--query")
    if not q or op_model.output_shape is None:
        return []
    out = []
    try:
        skeleton = ArgumentGenerator(use_member_names=True).generate_skeleton(op_model.output_shape)
        # A filter compares with values the skeleton cannot hold; tried as "the field is set"
        # instead, it still selects nothing when a field name is wrong.
        res = jmespath.search(_comparisons_dropped(q), skeleton)
    except Exception as e:  # bad expressions are rejected by the CLI already
        return ["WARNING: --query %r could not be tried on the output shape: %s" % (q, e)]
    if res is None:
        out.append(
            "WARNING: --query %r selects nothing from %s's output shape (members: %s); "
            "`--output text` would print None" % (q, op_model.name, ", ".join(op_model.output_shape.members))
        )
    elif isinstance(res, list) and any(x is None for x in res):
        idx = [str(i) for i, x in enumerate(res) if x is None]
        out.append("WARNING: --query %r: item(s) %s select nothing from %s's output shape" % (q, ", ".join(idx), op_model.name))
    if compare_output is not None and re.fullmatch(r"[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*", q):
        shape = op_model.output_shape
        for part in q.split("."):
            members = getattr(shape, "members", {})
            if part not in members:
                shape = None
                break
            shape = members[part]
        enum = shape.metadata.get("enum") if shape is not None else None
        if enum and compare_output not in enum:
            out.append(
                "WARNING: the script compares --query %r with %r, which is not one of its values [%s]; "
                "a wait loop on it would never end" % (q, compare_output, ", ".join(enum))
            )
    return out


_KNOWN_REGIONS = []


def _known_regions(session):
    if not _KNOWN_REGIONS:
        loader = session.get_component("data_loader")
        regions = set()
        for name in ("partitions", "endpoints"):
            try:
                for p in loader.load_data(name)["partitions"]:
                    regions |= set(p.get("regions", {}))
            except Exception:
                pass
        _KNOWN_REGIONS.append(regions)
    return _KNOWN_REGIONS[0]


def _region_warnings(session, params):
    """--region, and top-level Region/RegionName/ReplicaRegion parameters, that botocore does not
    know as a Region (a typo such as us-west2 is accepted by the CLI and fails only at AWS)."""
    known = _known_regions(session)
    if not known:
        return []
    out = []
    region = session.get_config_variable("region")
    if region and region not in known:
        out.append("WARNING: --region %r is not a Region that botocore %s knows" % (region, _load_awscli()["botocore"].__version__))
    for k, v in (params or {}).items():
        if k in ("Region", "RegionName", "ReplicaRegion") and isinstance(v, str) and v not in known:
            out.append("WARNING: %s %r is not a Region that botocore %s knows" % (k, v, _load_awscli()["botocore"].__version__))
    return out


def _is_service_command(obj):
    if obj is None:
        return True
    return type(obj).__name__ == "ServiceCommand"


def _is_operation(service_obj, op_cli):
    """Whether op_cli is a plain model operation (not a CLI customization)."""
    try:
        table = service_obj._get_command_table()
        return type(table[op_cli]).__name__ == "ServiceOperation"
    except Exception:
        return True


# --------------------------------------------------------------------------------- main


def read_inputs(stream):
    items = []
    for n, line in enumerate(stream, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        try:
            v = json.loads(s)
        except ValueError as e:
            items.append({"line": n, "argv": s, "error": "input line %d is not JSON: %s" % (n, e)})
            continue
        if isinstance(v, dict):
            items.append(
                {
                    "line": n,
                    "argv": v.get("argv"),
                    "expect": v.get("expect"),
                    "expect_problems": v.get("expect_problems") or [],
                    "name": v.get("name"),
                    "compare_output": v.get("compare_output"),
                    "expect_notes": v.get("expect_notes") or [],
                }
            )
        else:
            items.append({"line": n, "argv": v})
    return items


def main():
    ap = argparse.ArgumentParser(description="Check AWS CLI command lines offline (awscli %s)." % AWSCLI_VERSION)
    ap.add_argument("file", nargs="?", default="-", help="JSON lines (default: stdin)")
    ap.add_argument("--check-expected", action="store_true", help="compare with each line's expect/expect_problems; exit 1 on a mismatch")
    ap.add_argument("--pretty", action="store_true", help="indent each result (not JSON lines any more)")
    ap.add_argument(
        "--strict",
        action="store_true",
        help="treat WARNING notes (abbreviated or repeated options) as problems: such a line is a violation",
    )
    args = ap.parse_args()

    if args.file == "-":
        items = read_inputs(sys.stdin)
    else:
        with open(args.file, encoding="utf-8") as f:
            items = read_inputs(f)
    profiles = set()
    for it in items:
        if isinstance(it.get("argv"), list):
            profiles |= profiles_in([a for a in it["argv"] if isinstance(a, str)])
    isolate_environment(profiles)

    started = time.monotonic()
    counts = {"ok": 0, "rejected": 0, "violation": 0, "error": 0}
    mismatches = 0
    try:
        for it in items:
            if "error" in it:
                res = {"argv": it["argv"], "status": "error", "service": None, "operation": None, "params": None, "problems": [it["error"]], "notes": []}
            else:
                res = check_one(it["argv"], it.get("compare_output"))
                if args.strict and res["status"] == "ok":
                    warns = [n for n in res["notes"] if n.startswith("WARNING: ")]
                    if warns:
                        res["problems"] += warns
                        res["status"] = "violation"
            if it.get("name"):
                res = {"name": it["name"], **res}
            if it.get("expect"):
                missing = [p for p in it.get("expect_problems", []) if not any(p in q for q in res["problems"])]
                missing += [p for p in it.get("expect_notes", []) if not any(p in q for q in res["notes"])]
                ok = res["status"] == it["expect"] and not missing
                res["expected"] = it["expect"]
                res["as_expected"] = ok
                if missing:
                    res["expected_problems_missing"] = missing
                mismatches += 0 if ok else 1
            counts[res["status"]] += 1
            print(json.dumps(res, indent=2 if args.pretty else None, ensure_ascii=False), flush=True)
    finally:
        shutil.rmtree(_TMP, ignore_errors=True)
    summary = dict(total=len(items), **counts, seconds=round(time.monotonic() - started, 2), awscli=AWSCLI_VERSION)
    summary["botocore"] = _load_awscli()["botocore"].__version__
    if args.check_expected:
        summary["expectation_mismatches"] = mismatches
    print(json.dumps({"summary": summary}), flush=True)
    if args.check_expected:
        return 1 if mismatches else 0
    return 1 if counts["rejected"] or counts["violation"] or counts["error"] else 0


if __name__ == "__main__":
    sys.exit(main())
