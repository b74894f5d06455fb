#!/usr/bin/env python3
"""Evaluate a JMESPath expression (an `aws ... --query`) on a JSON document, offline, with the
jmespath library that the pinned AWS CLI (1.46.2) uses.

    python3 jmespath_check.py EXPRESSION [DOCUMENT|-] [--output raw|json|text|table]

DOCUMENT is a file holding a sample response (default: stdin). --output raw (the default)
prints the JMESPath result as JSON; json, text and table print exactly what
`aws ... --query EXPRESSION --output FORMAT` prints for that response (the CLI's own formatter,
for a response that is not paginated; with pagination the CLI applies --query to each page for
text output, and to the merged pages for json).

Exit codes: 0 done, 1 the result is null (nothing matched: the CLI prints "None" for text,
"null" for json), 2 a bad expression, document or usage.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import venv_bootstrap  # noqa: E402

if __name__ == "__main__":
    venv_bootstrap.ensure(__file__)

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("expression")
    ap.add_argument("document", nargs="?", default="-")
    ap.add_argument("--output", choices=["raw", "json", "text", "table"], default="raw")
    args = ap.parse_args()

    import awscli  # noqa: F401
    import jmespath
    import jmespath.exceptions

    try:
        compiled = jmespath.compile(args.expression)
    except jmespath.exceptions.JMESPathError as e:
        sys.stderr.write("bad expression: %s\n" % e)
        return 2
    try:
        if args.document == "-":
            doc = json.load(sys.stdin)
        else:
            with open(args.document, encoding="utf-8") as f:
                doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.stderr.write("bad document: %s\n" % e)
        return 2

    try:
        result = compiled.search(doc)
    except jmespath.exceptions.JMESPathError as e:  # e.g. a function given the wrong type
        sys.stderr.write("evaluation failed: %s\n" % e)
        return 2
    if args.output == "raw":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        from awscli.formatter import get_formatter

        globals_ = argparse.Namespace(query=compiled, color="off", output=args.output)
        out = io.StringIO()
        get_formatter(args.output, globals_)("operation", doc, out)
        sys.stdout.write(out.getvalue())
    return 1 if result is None else 0


if __name__ == "__main__":
    sys.exit(main())
