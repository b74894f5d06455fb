"""Validate request parameters against a botocore input shape, strictly.

botocore's own ParamValidator checks required members, types, unknown members and the `min`
constraints only. This walker also checks `max` (string/blob length, list/map size, number
range), `enum` values and `pattern` regexes as FULL matches (re.fullmatch after translating the
model's ECMA/Java regex, see pattern_translate.py), map keys, tagged unions and nested members.

    problems, notes = validate_params(params, operation_model.input_shape)

`problems` are violations (strings "Path.To[0].Member: what is wrong"); `notes` are things the
walker could not check (for example a model pattern that is not a valid regex).
"""

from __future__ import annotations

import datetime
import decimal

import pattern_translate

MAX_SHOWN_ENUM = 40


def _path(parent, member):
    return member if not parent else "%s.%s" % (parent, member)


def _short(value, limit=80):
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


class _Walker:
    def __init__(self):
        self.problems = []
        self.notes = []

    def problem(self, path, msg):
        self.problems.append("%s: %s" % (path or "(input)", msg))

    # ------------------------------------------------------------------ dispatch
    def check(self, value, shape, path):
        if value is None:
            self.problem(path, "null value (a %s is expected)" % shape.type_name)
            return
        t = shape.type_name
        if t == "structure":
            if shape.metadata.get("document") or getattr(shape, "is_document_type", False):
                self.check_document(value, path)
            else:
                self.check_structure(value, shape, path)
        elif t == "list":
            self.check_list(value, shape, path)
        elif t == "map":
            self.check_map(value, shape, path)
        elif t == "string":
            self.check_string(value, shape, path)
        elif t in ("integer", "long"):
            self.check_integer(value, shape, path)
        elif t in ("float", "double"):
            self.check_float(value, shape, path)
        elif t == "boolean":
            if not isinstance(value, bool):
                self.problem(path, "%s is not a boolean" % _short(value))
        elif t == "blob":
            self.check_blob(value, shape, path)
        elif t == "timestamp":
            self.check_timestamp(value, path)
        else:
            self.notes.append("%s: shape type %r not checked" % (path, t))

    # ------------------------------------------------------------------ containers
    def check_structure(self, value, shape, path):
        if not isinstance(value, dict):
            self.problem(path, "%s is not a structure (JSON object)" % _short(value))
            return
        members = shape.members
        for req in shape.required_members:
            if req not in value:
                if req in members and members[req].metadata.get("idempotencyToken"):
                    continue  # botocore fills idempotency tokens in
                self.problem(_path(path, req), "required member missing")
        if getattr(shape, "is_tagged_union", False):
            set_members = [k for k, v in value.items() if v is not None]
            if len(set_members) != 1:
                self.problem(
                    path,
                    "a union needs exactly one member, got %d (%s); members: %s"
                    % (len(set_members), ", ".join(set_members) or "none", ", ".join(members)),
                )
        for key, item in value.items():
            if key not in members:
                self.problem(
                    path,
                    "unknown member %r (known: %s)" % (key, ", ".join(members) or "none"),
                )
                continue
            self.check(item, members[key], _path(path, key))

    def check_document(self, value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                if v is not None:
                    self.check_document(v, "%s.%s" % (path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if v is not None:
                    self.check_document(v, "%s[%d]" % (path, i))
        elif not isinstance(value, (str, int, float, bool)):
            self.problem(path, "%s is not a JSON document value" % _short(value))

    def _size(self, n, shape, path, what):
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and n < lo:
            self.problem(path, "%s %d is below the minimum %s" % (what, n, _num(lo)))
        if hi is not None and n > hi:
            self.problem(path, "%s %d is above the maximum %s" % (what, n, _num(hi)))

    def check_list(self, value, shape, path):
        if not isinstance(value, (list, tuple)):
            self.problem(path, "%s is not a list" % _short(value))
            return
        self._size(len(value), shape, path, "list of")
        for i, item in enumerate(value):
            self.check(item, shape.member, "%s[%d]" % (path, i))

    def check_map(self, value, shape, path):
        if not isinstance(value, dict):
            self.problem(path, "%s is not a map (JSON object)" % _short(value))
            return
        self._size(len(value), shape, path, "map of")
        for k, v in value.items():
            self.check(k, shape.key, "%s{key %s}" % (path, _short(k, 40)))
            self.check(v, shape.value, "%s[%s]" % (path, _short(k, 40)))

    # ------------------------------------------------------------------ scalars
    def check_string(self, value, shape, path):
        if not isinstance(value, str):
            if shape.serialization.get("jsonvalue") and isinstance(value, (dict, list)):
                return  # a JSON-value header/query member: botocore serialises it
            self.problem(path, "%s is not a string" % _short(value))
            return
        md = shape.metadata
        # Smithy @length counts Unicode code points, as len() does.
        lo, hi = md.get("min"), md.get("max")
        if lo is not None and len(value) < lo:
            self.problem(path, "%s is %d characters, below the minimum length %s" % (_short(value), len(value), _num(lo)))
        if hi is not None and len(value) > hi:
            self.problem(path, "%s is %d characters, above the maximum length %s" % (_short(value), len(value), _num(hi)))
        enum = md.get("enum")
        if enum and value not in enum:
            shown = ", ".join(enum[:MAX_SHOWN_ENUM]) + (", ..." if len(enum) > MAX_SHOWN_ENUM else "")
            self.problem(path, "%s is not one of the enum values [%s]" % (_short(value), shown))
        pattern = md.get("pattern")
        if pattern is not None:
            try:
                rx = pattern_translate.compile_pattern(pattern)
            except Exception as e:  # a model pattern that is not a valid regex
                self.notes.append("%s: pattern %r not checked: %s" % (path, pattern, e))
                return
            if rx.fullmatch(value) is None:
                hint = (
                    " (an unanchored search, Smithy's literal rule, would match a part of it)"
                    if rx.search(value) is not None
                    else ""
                )
                self.problem(path, "%s does not fully match the pattern %r%s" % (_short(value), pattern, hint))

    def check_integer(self, value, shape, path):
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "%s is not an integer" % _short(value))
            return
        self._range(value, shape, path)

    def check_float(self, value, shape, path):
        if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
            self.problem(path, "%s is not a number" % _short(value))
            return
        self._range(value, shape, path)

    def _range(self, value, shape, path):
        lo, hi = shape.metadata.get("min"), shape.metadata.get("max")
        if lo is not None and value < lo:
            self.problem(path, "%s is below the minimum %s" % (value, _num(lo)))
        if hi is not None and value > hi:
            self.problem(path, "%s is above the maximum %s" % (value, _num(hi)))

    def check_blob(self, value, shape, path):
        if isinstance(value, str):
            n = len(value.encode("utf-8"))
        elif isinstance(value, (bytes, bytearray)):
            n = len(value)
        elif hasattr(value, "read"):
            return  # a file (streaming body): size not checked
        else:
            self.problem(path, "%s is not bytes, text or a file" % _short(value))
            return
        self._size(n, shape, path, "blob of bytes:")

    def check_timestamp(self, value, path):
        if isinstance(value, (datetime.datetime, datetime.date)):
            return
        from botocore.utils import parse_to_aware_datetime  # from the venv

        try:
            parse_to_aware_datetime(value)
        except (TypeError, ValueError, AttributeError, OverflowError):
            self.problem(path, "%s is not a timestamp botocore can parse" % _short(value))


def _num(n):
    return str(int(n)) if isinstance(n, float) and n.is_integer() else str(n)


def validate_params(params, shape):
    """Returns (problems, notes) for params against input shape (None: no input)."""
    w = _Walker()
    if shape is None:
        if params:
            w.problem("", "the operation takes no input, got %s" % ", ".join(params))
        return w.problems, w.notes
    w.check(params, shape, "")
    return w.problems, w.notes
