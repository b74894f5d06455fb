"""Translate the `pattern` regexes of AWS service models to Python `re`.

Smithy says a @pattern is an ECMA-262 regex, matched unanchored. The patterns in botocore's
models are really a mix of ECMA and Java (they come from AWS's Java-based models): besides plain
ECMA syntax they use Java's \\p{L}/\\p{Alnum}/\\p{IsAlphabetic} classes, \\A and \\z, \\x{HH},
inline flags in the middle of a pattern ((?i), (?s)), character-class intersection
([\\p{Print}&&[^|:/]]) and UTF-16 surrogate pairs written as two \\u escapes. Python's `re` has
none of \\p{..}, \\z, \\x{..} or &&, refuses inline global flags after the start, and treats \\d
and \\w as Unicode. So this module parses the pattern itself:

* every character class becomes an explicit set of code-point ranges (so \\p{..}, negations,
  unions and && are computed, not approximated by Python's own classes);
* \\d \\w \\b are ASCII (ECMA and Java agree), \\s is ECMA's Unicode whitespace;
* `.` does not match line terminators (\\n \\r \\u2028 \\u2029) unless (?s) is on;
* `$` and \\z mean end of input, \\Z end of input or before a final newline (Java);
* (?<name>..) becomes (?P<name>..), \\k<name> becomes (?P=name);
* a \\uD8xx\\uDCxx pair is one supplementary code point (what Java does, and ECMA with /u);
  the value is matched as a sequence of code points, as Java and ECMA-with-/u do;
* an identity escape of a letter that means nothing (\\_ is fine; \\e, \\y) is that letter.

`compile_pattern(p)` returns a compiled `re.Pattern` (cached); use `.fullmatch(value)` for the
strict check and `.search(value)` for Smithy's own unanchored semantics.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

MAX_CP = 0x10FFFF


class PatternTranslationError(ValueError):
    pass


# ---------------------------------------------------------------------------- code-point sets
# A set is a sorted tuple of disjoint, non-adjacent inclusive ranges ((lo, hi), ...).


def _normalise(ranges):
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def cs_union(*sets):
    return _normalise([r for s in sets for r in s])


def cs_complement(s):
    out, nxt = [], 0
    for lo, hi in s:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= MAX_CP:
        out.append((nxt, MAX_CP))
    return tuple(out)


def cs_intersect(a, b):
    return cs_complement(cs_union(cs_complement(a), cs_complement(b)))


def cs_chars(text):
    return _normalise([(ord(c), ord(c)) for c in text])


def cs_range(lo, hi):
    return ((lo, hi),)


def _cs_emit_cp(cp):
    c = chr(cp)
    if c.isascii() and c.isalnum():
        return c
    return "\\U%08x" % cp


def cs_to_python(s):
    """A Python `re` atom that matches exactly one code point of set s."""
    if not s:
        return "(?!)"  # matches nothing (ECMA `[]`)
    if s == ((0, MAX_CP),):
        return "(?s:.)"
    parts = []
    for lo, hi in s:
        if lo == hi:
            parts.append(_cs_emit_cp(lo))
        elif hi == lo + 1:
            parts.append(_cs_emit_cp(lo) + _cs_emit_cp(hi))
        else:
            parts.append(_cs_emit_cp(lo) + "-" + _cs_emit_cp(hi))
    return "[" + "".join(parts) + "]"


ASCII_DIGIT = cs_range(0x30, 0x39)
ASCII_WORD = cs_union(cs_range(0x30, 0x39), cs_range(0x41, 0x5A), cs_range(0x61, 0x7A), cs_chars("_"))
# ECMA-262 WhiteSpace + LineTerminator (what \s matches in JavaScript).
ECMA_SPACE = cs_union(
    cs_chars("\t\n\x0b\x0c\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"),
    cs_range(0x2000, 0x200A),
)
LINE_TERMINATORS = cs_chars("\n\r\u2028\u2029")
# Unicode White_Space property (Java \p{IsWhitespace}).
WHITE_SPACE_PROP = cs_union(
    cs_range(0x09, 0x0D),
    cs_chars(" \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"),
    cs_range(0x2000, 0x200A),
)

_ASCII_PUNCT = cs_chars("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ASCII_UPPER = cs_range(0x41, 0x5A)
_ASCII_LOWER = cs_range(0x61, 0x7A)
_ASCII_ALPHA = cs_union(_ASCII_UPPER, _ASCII_LOWER)
_ASCII_ALNUM = cs_union(_ASCII_ALPHA, ASCII_DIGIT)
# Java's POSIX classes (US-ASCII only, as Java has them without UNICODE_CHARACTER_CLASS).
POSIX = {
    "Lower": _ASCII_LOWER,
    "Upper": _ASCII_UPPER,
    "ASCII": cs_range(0, 0x7F),
    "Alpha": _ASCII_ALPHA,
    "Digit": ASCII_DIGIT,
    "Alnum": _ASCII_ALNUM,
    "Punct": _ASCII_PUNCT,
    "Graph": cs_union(_ASCII_ALNUM, _ASCII_PUNCT),
    "Print": cs_union(_ASCII_ALNUM, _ASCII_PUNCT, cs_chars(" ")),
    "Blank": cs_chars(" \t"),
    "Cntrl": cs_union(cs_range(0, 0x1F), cs_chars("\x7f")),
    "XDigit": cs_union(ASCII_DIGIT, cs_range(0x41, 0x46), cs_range(0x61, 0x66)),
    "Space": cs_chars(" \t\n\x0b\x0c\r"),
}


@functools.lru_cache(maxsize=1)
def _categories():
    """General category -> code-point set, from this Python's unicodedata (one pass)."""
    acc = {}
    start, cur = 0, unicodedata.category(chr(0))
    for cp in range(1, MAX_CP + 2):
        cat = unicodedata.category(chr(cp)) if cp <= MAX_CP else None
        if cat != cur:
            acc.setdefault(cur, []).append((start, cp - 1))
            start, cur = cp, cat
    return {k: tuple(v) for k, v in acc.items()}


def _category_set(name):
    cats = _categories()
    if name in cats:
        return cats[name]
    if len(name) == 1:
        matched = [v for k, v in cats.items() if k[0] == name]
        if matched:
            return cs_union(*matched)
    if name == "LC":
        return cs_union(cats.get("Lu", ()), cats.get("Ll", ()), cats.get("Lt", ()))
    return None


def property_set(name):
    """The set for \\p{name} (ECMA /u general categories, Java categories and classes)."""
    if name in POSIX:
        return POSIX[name]
    if name == "all":
        return cs_range(0, MAX_CP)
    if name == "LD":  # Java: letter or digit
        return cs_union(_category_set("L"), _category_set("Nd"))
    if name in ("IsAlphabetic", "Alphabetic"):
        # Unicode Alphabetic = L + Nl + Other_Alphabetic; Other_Alphabetic is not in
        # unicodedata, approximated by the spacing/nonspacing marks that are letters' parts.
        return cs_union(_category_set("L"), _category_set("Nl"))
    if name in ("IsWhitespace", "IsWhite_Space", "White_Space"):
        return WHITE_SPACE_PROP
    for prefix in ("Is", "general_category=", "gc=", "General_Category="):
        if name.startswith(prefix):
            s = _category_set(name[len(prefix):])
            if s is not None:
                return s
    s = _category_set(name)
    if s is not None:
        return s
    raise PatternTranslationError("unsupported property \\p{%s}" % name)


# ---------------------------------------------------------------------------- the translator

_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b", "0": "\0"}


class _Translator:
    def __init__(self, pattern):
        self.p = pattern
        self.i = 0
        self.notes = []

    # --- helpers
    def peek(self, k=0):
        j = self.i + k
        return self.p[j] if j < len(self.p) else None

    def take(self):
        c = self.p[self.i]
        self.i += 1
        return c

    def error(self, msg):
        raise PatternTranslationError("%s at offset %d in %r" % (msg, self.i, self.p))

    def _hex(self, n):
        s = self.p[self.i:self.i + n]
        if len(s) == n and all(c in "0123456789abcdefABCDEF" for c in s):
            self.i += n
            return int(s, 16)
        return None

    def _read_u_escape(self):
        """After '\\u': a code point, joining a surrogate pair written as two escapes."""
        if self.peek() == "{":
            j = self.p.find("}", self.i)
            if j < 0:
                self.error("bad \\u{...}")
            cp = int(self.p[self.i + 1:j], 16)
            self.i = j + 1
            return cp
        cp = self._hex(4)
        if cp is None:
            return ord("u")  # identity escape (non-/u ECMA)
        if 0xD800 <= cp <= 0xDBFF and self.p[self.i:self.i + 2] == "\\u":
            save = self.i
            self.i += 2
            lo = self._hex(4)
            if lo is not None and 0xDC00 <= lo <= 0xDFFF:
                return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            self.i = save
        return cp

    def _read_property(self, negated):
        if self.peek() == "{":
            j = self.p.find("}", self.i)
            if j < 0:
                self.error("bad \\p{...}")
            name = self.p[self.i + 1:j]
            self.i = j + 1
        else:
            name = self.take()
        s = property_set(name)
        return cs_complement(s) if negated else s

    def read_escape_set_or_char(self, in_class):
        """After a backslash. Returns ('set', cs) or ('cp', codepoint) or ('raw', python)."""
        c = self.take()
        if c == "d":
            return "set", ASCII_DIGIT
        if c == "D":
            return "set", cs_complement(ASCII_DIGIT)
        if c == "w":
            return "set", ASCII_WORD
        if c == "W":
            return "set", cs_complement(ASCII_WORD)
        if c == "s":
            return "set", ECMA_SPACE
        if c == "S":
            return "set", cs_complement(ECMA_SPACE)
        if c in "pP":
            return "set", self._read_property(c == "P")
        if c == "h":  # Java horizontal whitespace
            return "set", cs_union(cs_chars(" \t\xa0\u1680\u180e\u202f\u205f\u3000"), cs_range(0x2000, 0x200A))
        if c == "u":
            return "cp", self._read_u_escape()
        if c == "x":
            if self.peek() == "{":
                j = self.p.find("}", self.i)
                cp = int(self.p[self.i + 1:j], 16)
                self.i = j + 1
                return "cp", cp
            cp = self._hex(2)
            return "cp", cp if cp is not None else ord("x")
        if c == "c" and self.peek() is not None and self.peek().isalpha():
            return "cp", ord(self.take()) % 32
        if c == "0":
            # Java \0nnn octal / ECMA \0 NUL
            digits = ""
            while len(digits) < 3 and self.peek() is not None and self.peek() in "01234567":
                digits += self.take()
            return "cp", int(digits, 8) if digits else 0
        if c in _SIMPLE_ESCAPES:
            return "cp", ord(_SIMPLE_ESCAPES[c])
        if c == "b" and in_class:
            return "cp", 8
        if not in_class:
            if c in "bB":
                return "raw", "\\" + c  # ASCII word boundary under re.ASCII = ECMA/Java
            if c == "A":
                return "raw", "\\A"
            if c == "z":
                return "raw", "\\Z"
            if c == "Z":
                return "raw", "(?=\\n?\\Z)"
            if c == "k" and self.peek() == "<":
                j = self.p.find(">", self.i)
                name = self.p[self.i + 1:j]
                self.i = j + 1
                return "raw", "(?P=%s)" % name
            if c.isdigit():
                digits = c
                while self.peek() is not None and self.peek().isdigit():
                    digits += self.take()
                return "raw", "(?:\\%s)" % digits
        if c.isalpha():
            self.notes.append("identity escape \\%s read as %r" % (c, c))
        return "cp", ord(c)

    # --- character classes
    def parse_class(self):
        """After '['. Returns the code-point set of the class."""
        negated = False
        if self.peek() == "^":
            self.take()
            negated = True
        # ECMA: `[]` matches nothing, `[^]` anything. Java: `]` first is a literal.
        if self.peek() == "]":
            self.take()
            s = ()
            return cs_complement(s) if negated else s
        operands = []  # for && intersection
        items = []
        pending = None  # last single code point, for ranges
        while True:
            c = self.peek()
            if c is None:
                self.error("unterminated character class")
            if c == "]":
                self.take()
                break
            if c == "&" and self.peek(1) == "&":
                self.i += 2
                if pending is not None:
                    items.append(cs_range(pending, pending))
                    pending = None
                operands.append(cs_union(*items) if items else ())
                items = []
                continue
            if c == "[":
                self.take()
                if pending is not None:
                    items.append(cs_range(pending, pending))
                    pending = None
                items.append(self.parse_class())  # Java nested class = union
                continue
            if c == "-" and pending is not None and self.peek(1) not in (None, "]"):
                # a range pending-X
                self.take()
                nxt = self.peek()
                if nxt == "\\":
                    self.take()
                    kind, val = self.read_escape_set_or_char(True)
                    if kind != "cp":
                        # `a-\d`: ECMA treats '-' literally here
                        items.extend([cs_range(pending, pending), cs_chars("-"), val])
                        pending = None
                        continue
                    hi = val
                elif nxt == "[":
                    items.extend([cs_range(pending, pending), cs_chars("-")])
                    pending = None
                    continue
                else:
                    hi = ord(self.take())
                if hi < pending:
                    self.error("bad range")
                items.append(cs_range(pending, hi))
                pending = None
                continue
            if pending is not None:
                items.append(cs_range(pending, pending))
                pending = None
            if c == "\\":
                self.take()
                kind, val = self.read_escape_set_or_char(True)
                if kind == "set":
                    items.append(val)
                else:
                    pending = val
                continue
            pending = ord(self.take())
        if pending is not None:
            items.append(cs_range(pending, pending))
        s = cs_union(*items) if items else ()
        for op in operands:
            s = cs_intersect(op, s)
        return cs_complement(s) if negated else s

    # --- the main loop
    def translate(self):
        out = []
        # one frame per open group: [inline-flag groups opened in it (closed with it, and
        # closed/reopened around each |), dotall, ignorecase, index of its '(' in out]
        frames = [[[], False, False, 0]]
        atom_start = None  # index in out of the last quantifiable atom
        after_quant = False  # the last thing emitted was a quantifier
        while self.i < len(self.p):
            c = self.take()
            top = frames[-1]
            n_before = len(out)
            if c == "\\":
                kind, val = self.read_escape_set_or_char(False)
                if kind == "set":
                    out.append(cs_to_python(val))
                elif kind == "cp":
                    out.append(cs_to_python(cs_range(val, val)))
                else:
                    out.append(val)
            elif c == "[":
                out.append(cs_to_python(self.parse_class()))
            elif c == ".":
                out.append("(?s:.)" if top[1] else cs_to_python(cs_complement(LINE_TERMINATORS)))
            elif c == "$":
                out.append("(?:\\Z)")  # a group, so that a (buggy) quantifier after it compiles
            elif c == "(":
                if self.peek() == "?":
                    m = re.match(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", self.p[self.i:])
                    if m and (m.group(1) or m.group(2)):
                        on, off, end = m.group(1), m.group(2) or "", m.group(3)
                        self.i += m.end()
                        unsupported = set(on + off) - set("is")
                        if unsupported:
                            self.error("unsupported inline flag(s) %s" % "".join(sorted(unsupported)))
                        dotall = ("s" in on) or (top[1] and "s" not in off)
                        icase = ("i" in on) or (top[2] and "i" not in off)
                        # Only 'i' is passed to Python; 's' is applied by the translator to '.'.
                        py_on = "i" if "i" in on else ""
                        py_off = "i" if "i" in off else ""
                        flag_text = py_on + ("-" + py_off if py_off else "")
                        opener = "(?%s:" % flag_text if flag_text else "(?:"
                        if end == ")":
                            # (?i) mid-pattern: applies to the rest of the enclosing group
                            out.append(opener)
                            top[0].append(opener)
                            top[1], top[2] = dotall, icase
                        else:
                            out.append(opener)
                            frames.append([[], dotall, icase, n_before])
                        atom_start, after_quant = None, False
                        continue
                    if self.p.startswith("?<", self.i) and self.peek(2) not in ("=", "!"):
                        j = self.p.find(">", self.i)
                        out.append("(?P<%s>" % self.p[self.i + 2:j])
                        self.i = j + 1
                    elif self.p.startswith("?P<", self.i):
                        j = self.p.find(">", self.i)
                        out.append("(?P<%s>" % self.p[self.i + 3:j])
                        self.i = j + 1
                    else:
                        m = re.match(r"\?(:|=|!|<=|<!|>)", self.p[self.i:])
                        if not m:
                            self.error("unsupported group")
                        out.append("(" + m.group(0))
                        self.i += m.end()
                else:
                    out.append("(")
                frames.append([[], top[1], top[2], n_before])
                atom_start, after_quant = None, False
                continue
            elif c == ")":
                if len(frames) == 1:
                    self.error("unbalanced )")
                f = frames.pop()
                out.append(")" * len(f[0]) + ")")
                atom_start, after_quant = f[3], False
                continue
            elif c == "{" and re.match(r"(\d+)(,(\d*))?\}", self.p[self.i:]):
                m = re.match(r"(\d+)(,(\d*))?\}", self.p[self.i:])
                self.i += m.end()
                q = "{" + m.group(0)
                if self.peek() in ("?", "+"):
                    q += self.take()  # lazy / possessive
                if atom_start is None:
                    self.error("nothing to repeat")
                if after_quant:
                    # X{11}{0,5} (invalid in ECMA, seen in models): read as (?:X{11}){0,5}
                    out.insert(atom_start, "(?:")
                    out.append(")")
                    self.notes.append("quantifier on a quantifier read as a nested group")
                out.append(q)
                after_quant = True
                continue
            elif c in "*+?":
                if atom_start is None:
                    self.error("nothing to repeat")
                q = c
                if self.peek() in ("?", "+"):
                    q += self.take()
                if after_quant:
                    out.insert(atom_start, "(?:")
                    out.append(")")
                    self.notes.append("quantifier on a quantifier read as a nested group")
                out.append(q)
                after_quant = True
                continue
            elif c == "{":
                out.append("\\{")  # literal brace (ECMA); Python would read {,n} as a quantifier
            elif c == "}":
                out.append("\\}")
            elif c == "|":
                # a mid-group (?i) covers every later alternative of its group (Java)
                out.append(")" * len(top[0]) + "|" + "".join(top[0]))
                atom_start, after_quant = None, False
                continue
            elif c == "^":
                out.append("(?:^)")
            elif c == "]":
                out.append("\\]")
            else:
                out.append(re.escape(c) if not (c.isascii() and c.isalnum()) else c)
            atom_start, after_quant = n_before, False
        if len(frames) != 1:
            self.error("unbalanced (")
        out.append(")" * len(frames[0][0]))
        return "".join(out)


@functools.lru_cache(maxsize=None)
def translate(pattern):
    """Returns (python_pattern, notes)."""
    t = _Translator(pattern)
    py = t.translate()
    return py, tuple(t.notes)


@functools.lru_cache(maxsize=None)
def compile_pattern(pattern):
    py, _ = translate(pattern)
    try:
        return re.compile(py, re.ASCII)
    except re.error as e:  # pragma: no cover - reported by the caller
        raise PatternTranslationError("translated pattern does not compile (%s): %r" % (e, py)) from e


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg, "->", translate(arg)[0])
