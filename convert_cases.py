"""One-off converter: the passage tests of tests/test_*.py into tests/cases/<kind>.jsonl.

It reads each test function's source (ast) and interprets its statements with the
values pytest would give it (the parametrize marks' values): a call of the module's
passage helper (refs, only, counts, one, percentages, periods, named, where,
place, find_mentions, find_phrases, read_dateline) becomes a passage; every
assertion on what that call returned becomes an expected attribute, a fact
count or an "at least" count. A statement it cannot read this way leaves the
whole test function in Python. It prints which functions it converted and which
it left, and with --write rewrites the case files and removes converted functions.

    python convert_cases.py [--write] MODULE...
"""
from __future__ import annotations

import ast
import importlib
import json
import re
import sys
from collections import OrderedDict
from pathlib import Path

from pipeline.normalize import clean_document_text

HERE = Path("/work/wt/cases")
sys.path.insert(0, str(HERE / "tests"))


class Unconvertible(Exception):
    pass


PERIOD_PAIR = "period-pair"
TEXT_SPAN, EVIDENCE_SPAN = "text-span", "evidence-span"

# Each module's helpers: name -> (role, kind, fields).
# role: "list" -> the list of facts; "one" -> exactly one fact; "proj" -> list of
# tuples of the fields; "maybe" -> one tuple of the fields or None (no fact);
# "pair" -> (the fact or None, its rules); "single" -> always one tuple of the fields.
HELPERS = {
    "test_document_refs": {"refs": ("list", "document_refs", None), "only": ("one", "document_refs", None)},
    "test_counts": {"counts": ("list", "counts", None), "one": ("one", "counts", None)},
    "test_count_kind": {"counts": ("list", "counts", None), "kinds": ("proj", "counts", ["value", "kind"])},
    "test_percentages": {"percentages": ("list", "percentages", None), "one": ("one", "percentages", None)},
    "test_period": {"periods": ("proj", "periods", ["value", PERIOD_PAIR]), "facts": ("list+doc", "periods", None),
                    "find_phrases": ("list", "period_phrases", None)},
    "test_named_refs": {"named": ("proj", "named_refs",
                                  ["text", "code", "doc_type", "number", "term", "plenum", "congress"])},
    "test_places": {"where": ("maybe", "places", ["province", "district"]), "place": ("pair", "places", None),
                    "find_mentions": ("list", "place_mentions", None)},
    "test_tables": {"facts": ("counts+percentages", None, None)},
    "test_dateline": {"read_dateline": ("single", "datelines", ["title", "date"])},
}
NOTE_PREFIX = {"test_tables": "table: "}
CLEANED_KINDS = {"document_refs", "named_refs", "counts", "percentages", "periods"}


class Passage:
    def __init__(self, kind, text, extra):
        self.kind, self.text, self.extra = kind, text, extra
        self.facts: dict[int, dict] = {}
        self.length = None
        self.at_least = 0
        self.every: list[tuple[tuple, object]] = []

    def exact(self, n):
        if self.length not in (None, n):
            raise Unconvertible(f"two lengths {self.length} and {n}")
        self.length = n

    def least(self, n):
        self.at_least = max(self.at_least, n)

    def set(self, index, path, value):
        if index < 0:
            if self.length is None:
                raise Unconvertible("negative index without a known length")
            index += self.length
        self.least(index + 1)
        node = self.facts.setdefault(index, {})
        for key in path[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                raise Unconvertible("a value and its attributes both asserted")
        key = path[-1]
        if key in node and node[key] != value:
            raise Unconvertible(f"two values for {path}: {node[key]!r} and {value!r}")
        node[key] = value

    def line(self, note):
        for path, value in self.every:
            if self.length is None:
                raise Unconvertible("a constraint on every fact without a known number of facts")
            for i in range(self.length):
                self.set(i, path, value)
        n = self.length if self.length is not None else max([self.at_least, *(i + 1 for i in self.facts)])
        if self.length is not None and self.at_least > self.length:
            raise Unconvertible("index beyond the length")
        out = OrderedDict(note=note, text=self.text)
        out.update(self.extra)
        out["facts"] = [self.facts.get(i, {}) for i in range(n)]
        if self.length is None:
            out["more"] = True
        return out


# --- lenses: what an expression on a helper's result points at -------------------

class ListRef:
    """A passage's list of facts, maybe seen through projected fields."""
    def __init__(self, passage, fields=None):
        self.passage, self.fields = passage, fields


class FactRef:
    def __init__(self, passage, index):
        self.passage, self.index = passage, index


class Lens:
    pass


class Scalar(Lens):
    def __init__(self, passage, index, path):
        self.passage, self.index, self.path = passage, index, path

    def bind(self, value):
        self.passage.set(self.index, self.path, value)


class PeriodPair(Lens):
    def __init__(self, passage, index):
        self.passage, self.index = passage, index

    def bind(self, value):
        if value is None:
            self.passage.set(self.index, ("period",), None)
        else:
            start, end = value
            self.passage.set(self.index, ("period", "start"), start)
            self.passage.set(self.index, ("period", "end"), end)


class TupleLens(Lens):
    def __init__(self, parts):
        self.parts = parts

    def bind(self, value):
        if not isinstance(value, tuple) or len(value) != len(self.parts):
            raise Unconvertible(f"tuple of {len(self.parts)} compared with {value!r}")
        for part, v in zip(self.parts, value):
            part.bind(v)


class ListLens(Lens):
    """[elt(i) for every fact i], maybe sliced."""
    def __init__(self, passage, elt, lo=None, hi=None):
        self.passage, self.elt, self.lo, self.hi = passage, elt, lo, hi

    def bind(self, value):
        if not isinstance(value, list):
            raise Unconvertible(f"list compared with {value!r}")
        lo = self.lo or 0
        if self.hi is None:
            self.passage.exact(lo + len(value))
        else:
            if len(value) != self.hi - lo:
                raise Unconvertible("slice length")
            self.passage.least(self.hi)
        for i, v in enumerate(value):
            self.elt(lo + i).bind(v)


class SetLens(Lens):
    def __init__(self, passage, path):
        self.passage, self.path = passage, path

    def bind(self, value):
        if not isinstance(value, set) or len(value) != 1:
            raise Unconvertible("set of more than one value")
        self.passage.every.append((self.path, next(iter(value))))


class MaybeLens(Lens):
    """A tuple of fields of the one fact, or None for no fact."""
    def __init__(self, passage, fields):
        self.passage, self.fields = passage, fields

    def bind(self, value):
        if value is None or value == (None, None) and self.fields is None:
            self.passage.exact(0)
            return
        if self.fields is None:
            raise Unconvertible("pair compared with something else than (None, None)")
        self.passage.exact(1)
        TupleLens([field_lens(self.passage, 0, f) for f in self.fields]).bind(value)


class StartsWith(Lens):
    def __init__(self, scalar):
        self.scalar = scalar

    def bind(self, value):
        if not isinstance(value, str):
            raise Unconvertible("startswith with a tuple")
        path = self.scalar.path[:-1] + (self.scalar.path[-1] + "_starts_with",)
        self.scalar.passage.set(self.scalar.index, path, value)


class Doc:
    """The spaCy Doc a helper returned besides its facts: nothing a data line can hold."""


DOC = Doc()


def field_lens(passage, index, field):
    if field == PERIOD_PAIR:
        return PeriodPair(passage, index)
    return Scalar(passage, index, (field,))


RESULTS = (ListRef, FactRef, Lens, Doc)


class Interpreter:
    def __init__(self, module, name):
        self.module = module
        self.helpers = HELPERS[name]
        self.passages: OrderedDict = OrderedDict()

    # passages
    def passage(self, kind, text, extra):
        if not isinstance(text, str):
            raise Unconvertible("text is not a string")
        if kind in CLEANED_KINDS and clean_document_text(text) != text:
            raise Unconvertible("text changes when cleaned")
        key = (kind, text, tuple(sorted(extra.items())))
        if key not in self.passages:
            self.passages[key] = Passage(kind, text, extra)
        return self.passages[key]

    def helper_call(self, node, env):
        """The value a call of a passage helper stands for, or None for another call."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.helpers):
            return None
        role, kind, fields = self.helpers[node.func.id]
        if node.func.id == "find_phrases":
            arg = node.args[0]
            if not (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "match_form"):
                raise Unconvertible("find_phrases of something else than match_form(...)")
            text = self.eval(arg.args[0], env)
            extra = {}
        else:
            if len(node.args) != 1 and role not in ("maybe", "pair"):
                raise Unconvertible("helper with several arguments")
            text = self.eval(node.args[0], env)
            extra = {}
            names = ["title", "url"]
            for i, a in enumerate(node.args[1:]):
                extra[names[i]] = self.eval(a, env)
            for kw in node.keywords:
                if kw.arg not in names:
                    raise Unconvertible(f"keyword {kw.arg}")
                extra[kw.arg] = self.eval(kw.value, env)
            extra = {k: v for k, v in extra.items() if v is not None}
        passage = self.passage(kind, text, extra) if kind else None
        if role == "list":
            return ListRef(passage)
        if role == "one":
            passage.exact(1)
            return FactRef(passage, 0)
        if role == "proj":
            return ListRef(passage, fields)
        if role == "maybe":
            return MaybeLens(passage, fields)
        if role == "pair":
            return ("pair", passage)
        if role == "single":
            passage.exact(1)
            return TupleLens([field_lens(passage, 0, f) for f in fields])
        if role == "list+doc":
            return ("list+doc", passage)
        if role == "counts+percentages":
            return ("two", self.passage("counts", text, extra), self.passage("percentages", text, extra))
        raise Unconvertible(role)

    def eval(self, node, env):
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        if names & set(self.helpers) or any(isinstance(env.get(n), RESULTS) for n in names):
            raise Unconvertible(f"expression over a helper's result: {ast.unparse(node)[:60]}")
        try:
            return eval(compile(ast.Expression(node), "<case>", "eval"), env)
        except Exception as error:
            raise Unconvertible(f"cannot evaluate {ast.unparse(node)[:60]}: {error}") from None

    # expressions on results -> lenses
    def lens(self, node, env):
        call = self.helper_call(node, env)
        if call is not None:
            if isinstance(call, ListRef):
                return self.list_lens(call)
            if isinstance(call, FactRef):
                raise Unconvertible("a fact compared whole")
            if isinstance(call, tuple) and call[0] == "pair":
                return MaybeLens(call[1], None)
            return call
        if isinstance(node, ast.Name) and isinstance(env.get(node.id), (ListRef, Lens)):
            value = env[node.id]
            return self.list_lens(value) if isinstance(value, ListRef) else value
        if isinstance(node, ast.Tuple):
            return TupleLens([self.lens(e, env) for e in node.elts])
        if isinstance(node, (ast.ListComp, ast.SetComp)):
            return self.comprehension(node, env)
        if isinstance(node, ast.Subscript):
            base = node.value
            if isinstance(base, ast.ListComp) and isinstance(node.slice, ast.Slice):
                lens = self.comprehension(base, env)
                lo = self.eval(node.slice.lower, env) if node.slice.lower else None
                hi = self.eval(node.slice.upper, env) if node.slice.upper else None
                if node.slice.step or (lo is not None and lo < 0) or (hi is not None and hi < 0):
                    raise Unconvertible("slice")
                return ListLens(lens.passage, lens.elt, lo, hi)
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
                inner = self.lens(base, env)
                if isinstance(inner, TupleLens):
                    return inner.parts[node.slice.value]
                if isinstance(inner, MaybeLens) and inner.fields:
                    inner.passage.exact(1)
                    return field_lens(inner.passage, 0, inner.fields[node.slice.value])
            raise Unconvertible(f"subscript {ast.unparse(node)}")
        path, root = self.attribute_path(node)
        if root is not None:
            target = self.fact_of(root, env)
            return Scalar(target.passage, target.index, path)
        raise Unconvertible(f"expression {ast.unparse(node)}")

    def fact_of(self, node, env):
        if isinstance(node, ast.Name) and isinstance(env.get(node.id), FactRef):
            return env[node.id]
        if isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Constant, ast.UnaryOp)):
            index = self.eval(node.slice, env)
            base = env.get(node.value.id) if isinstance(node.value, ast.Name) else self.helper_call(node.value, env)
            if isinstance(base, ListRef) and base.fields is None and isinstance(index, int):
                if index >= 0:
                    base.passage.least(index + 1)
                return FactRef(base.passage, index)
        call = self.helper_call(node, env) if isinstance(node, ast.Call) else None
        if isinstance(call, FactRef):
            return call
        raise Unconvertible(f"not a fact: {ast.unparse(node)}")

    @staticmethod
    def attribute_path(node):
        path = []
        while isinstance(node, ast.Attribute):
            path.append(node.attr)
            node = node.value
        if not path:
            return None, None
        return tuple(reversed(path)), node

    def list_lens(self, ref):
        if ref.fields is None:
            raise Unconvertible("a list of facts compared whole (only [] is readable)")
        passage, fields = ref.passage, ref.fields
        return ListLens(passage, lambda i: TupleLens([field_lens(passage, i, f) for f in fields])
                        if len(fields) > 1 else field_lens(passage, i, fields[0]))

    def comprehension(self, node, env):
        if len(node.generators) != 1 or node.generators[0].ifs:
            raise Unconvertible("comprehension with a filter")
        gen = node.generators[0]
        source = self.helper_call(gen.iter, env)
        if source is None and isinstance(gen.iter, ast.Name):
            source = env.get(gen.iter.id)
        if not isinstance(source, ListRef):
            raise Unconvertible(f"comprehension over {ast.unparse(gen.iter)}")
        passage = source.passage
        if source.fields is not None:
            # [p for _, p in periods(text)]
            if not (isinstance(gen.target, ast.Tuple) and isinstance(node.elt, ast.Name)):
                raise Unconvertible("comprehension over projected tuples")
            names = [t.id for t in gen.target.elts]
            field = source.fields[names.index(node.elt.id)]
            if isinstance(node, ast.SetComp):
                raise Unconvertible("set over projected tuples")
            return ListLens(passage, lambda i: field_lens(passage, i, field))
        var = gen.target.id
        if isinstance(node, ast.SetComp):
            path, root = self.attribute_path(node.elt)
            if not (isinstance(root, ast.Name) and root.id == var):
                raise Unconvertible("set comprehension")
            return SetLens(passage, path)
        element = self.element(node.elt, var)
        return ListLens(passage, lambda i: element(passage, i))

    def element(self, node, var):
        """A function (passage, i) -> lens for the comprehension's element."""
        if isinstance(node, ast.Tuple):
            parts = [self.element(e, var) for e in node.elts]
            return lambda p, i: TupleLens([part(p, i) for part in parts])
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            # text[m.start:m.end] / text[m.evidence_start:m.end]
            lo, hi = (ast.unparse(node.slice.lower), ast.unparse(node.slice.upper))
            if (lo, hi) == (f"{var}.start", f"{var}.end"):
                return lambda p, i: Scalar(p, i, ("text",))
            if (lo, hi) == (f"{var}.evidence_start", f"{var}.end"):
                return lambda p, i: Scalar(p, i, ("evidence",))
        if ast.unparse(node) == f"period({var})":
            return lambda p, i: PeriodPair(p, i)
        if ast.unparse(node) == f"{var}.units[0].province":
            return lambda p, i: Scalar(p, i, ("province",))
        path, root = self.attribute_path(node)
        if isinstance(root, ast.Name) and root.id == var:
            return lambda p, i: Scalar(p, i, path)
        raise Unconvertible(f"element {ast.unparse(node)}")

    # statements
    def run(self, body, env):
        for stmt in body:
            self.statement(stmt, env)

    def statement(self, stmt, env):
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            return
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name) \
                and stmt.value.func.id.startswith("test_"):
            self.call_test(stmt.value, env)
            return
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            self.assign(stmt.targets[0], stmt.value, env)
            return
        if isinstance(stmt, ast.For) and isinstance(stmt.target, ast.Name) and not stmt.orelse:
            for value in self.eval(stmt.iter, env):
                env[stmt.target.id] = value
                self.run(stmt.body, env)
            return
        if isinstance(stmt, ast.Assert):
            self.assertion(stmt.test, env)
            return
        raise Unconvertible(f"statement {ast.unparse(stmt)[:60]}")

    def call_test(self, call, env):
        function = getattr(self.module, call.func.id)
        tree = function_tree(self.module, call.func.id)
        args = [self.eval(a, env) for a in call.args]
        inner = dict(vars(self.module))
        inner.update(zip([a.arg for a in tree.args.args], args))
        self.run(tree.body, inner)

    def assign(self, target, value, env):
        call = self.helper_call(value, env)
        if isinstance(target, ast.Name):
            if call is None and isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
                base = self.helper_call(value.value, env)
                if isinstance(base, ListRef) and base.fields is None and value.slice.value >= 0:
                    base.passage.least(value.slice.value + 1)
                    call = FactRef(base.passage, value.slice.value)
            if call is not None:
                env[target.id] = call
            elif isinstance(value, ast.ListComp):
                env[target.id] = self.comprehension(value, env)
            else:
                env[target.id] = self.eval(value, env)
            return
        if isinstance(target, ast.Tuple) and isinstance(call, tuple) and call[0] == "two":
            for t, passage in zip(target.elts, call[1:]):
                if t.id != "_":
                    env[t.id] = ListRef(passage)
            return
        if isinstance(target, ast.Tuple) and isinstance(call, tuple) and len(target.elts) == 2:
            tag, passage = call
            first, second = (t.id for t in target.elts)
            if tag == "pair":
                passage.exact(1)  # an article has one place or none
                env[first] = FactRef(passage, 0)
                env[second] = Scalar(passage, 0, ("rules",))
            else:
                env[first] = ListRef(passage)
                env[second] = DOC
            return
        raise Unconvertible(f"assignment {ast.unparse(target)}")

    def assertion(self, test, env):
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            for value in test.values:
                self.assertion(value, env)
            return
        if isinstance(test, ast.Name) and isinstance(env.get(test.id), ListRef):
            env[test.id].passage.least(1)
            return
        if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and test.func.attr == "startswith":
            lens = self.lens(test.func.value, env)
            if not isinstance(lens, Scalar) or len(test.args) != 1:
                raise Unconvertible("startswith")
            prefix = self.eval(test.args[0], env)
            if isinstance(prefix, tuple):
                # startswith(("Ngày", issuer)): the alternative the passage itself opens with
                opening = [p for p in prefix if lens.passage.text.startswith(p)]
                if len(opening) != 1:
                    raise Unconvertible("startswith alternatives")
                prefix = opening[0]
            StartsWith(lens).bind(prefix)
            return
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, right = test.ops[0], test.comparators[0]
            if isinstance(op, ast.Is) and isinstance(right, ast.Constant) and right.value is None:
                self.lens(test.left, env).bind(None)
                return
            if isinstance(op, ast.Eq):
                if isinstance(right, ast.List) and not right.elts:
                    ref = self.helper_call(test.left, env)
                    if ref is None and isinstance(test.left, ast.Name):
                        ref = env.get(test.left.id)
                    if isinstance(ref, ListRef):
                        ref.passage.exact(0)
                        return
                if isinstance(test.left, ast.Call) and isinstance(test.left.func, ast.Name) \
                        and test.left.func.id == "len":
                    ref = env.get(test.left.args[0].id) if isinstance(test.left.args[0], ast.Name) else None
                    if not isinstance(ref, ListRef):
                        raise Unconvertible("len of something else")
                    ref.passage.exact(self.eval(right, env))
                    return
                lens = self.lens(test.left, env)
                if isinstance(lens, ListLens) and isinstance(right, ast.List) and not right.elts:
                    lens.passage.exact(0)
                    return
                lens.bind(self.expected(right, env, lens))
                return
        raise Unconvertible(f"assertion {ast.unparse(test)[:70]}")

    def expected(self, node, env, lens):
        """The right-hand side; a register code stays a reference to the register."""
        if isinstance(node, ast.Attribute) and node.attr == "code" and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "unit":
            args = [self.eval(a, env) for a in node.value.args]
            level = args[1]
            name = lens.path[-1] if isinstance(lens, Scalar) else ""
            if not name.startswith(level):
                raise Unconvertible("a register code of another level")
            return {"register": args[0], **({"province": args[2]} if len(args) > 2 else {})}
        return self.eval(node, env)


# --- reading the test modules ------------------------------------------------------

_trees = {}


def module_tree(module):
    if module.__name__ not in _trees:
        _trees[module.__name__] = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return _trees[module.__name__]


def function_tree(module, name):
    for node in module_tree(module).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise KeyError(name)


def comments_of_params(module, function):
    """For each parametrized element, the comments that go with it in the source."""
    lines = Path(module.__file__).read_text(encoding="utf-8").splitlines()
    decorator = next((d for d in function.decorator_list if isinstance(d, ast.Call)
                      and ast.unparse(d.func).endswith("parametrize")), None)
    if decorator is None:
        return None
    values = decorator.args[1]
    if isinstance(values, ast.Name):
        values = next(n.value for n in module_tree(module).body if isinstance(n, ast.Assign)
                      and isinstance(n.targets[0], ast.Name) and n.targets[0].id == values.id)
    notes, section, previous_end = [], None, values.lineno
    for element in values.elts:
        between = [ln.strip() for ln in lines[previous_end:element.lineno - 1] if ln.strip().startswith("#")]
        if between:
            section = " ".join(c.lstrip("# ").strip() for c in between)
        own = []
        for ln in lines[element.lineno - 1:element.end_lineno]:
            match = re.search(r"\)?,?\s+#\s*(.+)$", ln)
            if match and '"' not in match.group(1)[:1]:
                code_part = ln[:match.start()]
                if code_part.count('"') % 2 == 0 and code_part.count("'") % 2 == 0:
                    own.append(match.group(1).strip())
        notes.append("; ".join([c for c in (section, *own) if c]))
        previous_end = element.end_lineno
    return notes


def humane(name):
    return name.removeprefix("test_").replace("_", " ")


def params_of(function):
    marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
    others = [m for m in getattr(function, "pytestmark", []) if m.name != "parametrize"]
    if others:
        raise Unconvertible(f"marked {[m.name for m in others]}")
    if not marks:
        return None, None
    if len(marks) > 1:
        raise Unconvertible("several parametrize marks")
    names, values = marks[0].args[0], marks[0].args[1]
    names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    return names, [v if isinstance(v, tuple) else (v,) for v in values]


def convert_function(module, name):
    function = getattr(module, name)
    tree = function_tree(module, name)
    names, values = params_of(function)
    if names is None:
        if tree.args.args:
            raise Unconvertible("fixtures")
        calls, notes = [{}], [""]
    else:
        if [a.arg for a in tree.args.args] != names:
            raise Unconvertible("fixtures besides the parameters")
        calls = [dict(zip(names, v)) for v in values]
        notes = comments_of_params(module, tree) or [""] * len(calls)
    lines = []
    for params, comment in zip(calls, notes):
        interpreter = Interpreter(module, module.__name__)
        env = dict(vars(module))
        env.update(params)
        interpreter.run(tree.body, env)
        if not interpreter.passages:
            raise Unconvertible("no passage")
        note = NOTE_PREFIX.get(module.__name__, "") + humane(name) + (f" ({comment})" if comment else "")
        for passage in interpreter.passages.values():
            if not (passage.facts or passage.length is not None or passage.at_least or passage.every):
                continue  # a result nothing was asserted about
            lines.append((passage.kind, passage.line(note)))
    return lines, (len(calls) if names is not None else 1)


def main(argv):
    write = "--write" in argv
    modules = [a for a in argv if not a.startswith("--")]
    out: dict[str, list] = OrderedDict()
    summary = []
    for module_name in modules:
        module = importlib.import_module(module_name)
        converted, left = [], []
        for node in module_tree(module).body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            try:
                lines, items = convert_function(module, node.name)
            except Unconvertible as why:
                left.append((node.name, str(why)))
                continue
            converted.append((node, items, len(lines)))
            for kind, line in lines:
                out.setdefault(kind, []).append(line)
        summary.append((module_name, converted, left))
        if write:
            remove_functions(module, [c[0] for c in converted])
    for module_name, converted, left in summary:
        print(f"== {module_name}: {len(converted)} functions converted "
              f"({sum(c[1] for c in converted)} test items -> {sum(c[2] for c in converted)} case lines), "
              f"{len(left)} left in Python")
        for name, why in left:
            print(f"   left: {name}: {why}")
    for kind, lines in out.items():
        print(f"{kind}: {len(lines)} lines")
        if write or "--preview" in argv:
            path = (HERE / "tests" / "cases" if write else Path("/tmp/cases-preview")) / f"{kind}.jsonl"
            path.parent.mkdir(exist_ok=True)
            with path.open("a", encoding="utf-8") as f:
                for line in lines:
                    f.write(json.dumps(line, ensure_ascii=False) + "\n")


def remove_functions(module, nodes):
    path = Path(module.__file__)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    drop = set()
    for node in nodes:
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        drop.update(range(first - 1, node.end_lineno))
    kept = [ln for i, ln in enumerate(lines) if i not in drop]
    text = re.sub(r"\n{4,}", "\n\n\n", "".join(kept))
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
