"""One-off check: every case line fails when one of its expectations is broken.

For each line of tests/cases/*.jsonl: (1) every asserted attribute, one at a time,
is given another value; (2) without "more", one fact too many is expected. Each
broken line must fail."""
import copy
import sys

import pytest

sys.path.insert(0, "tests")
from conftest import Case, all_cases  # noqa: E402


def other(value):
    if isinstance(value, bool) or value is None:
        return "x"
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return value + ["x"]
    if isinstance(value, dict) and "register" in value:
        return {"register": "Ba Đình"}
    raise TypeError(value)


def paths(fact, prefix=()):
    for key, value in fact.items():
        if isinstance(value, dict) and "register" not in value:
            yield from paths(value, prefix + (key,))
        else:
            yield prefix + (key,)


def broken(case):
    for i, fact in enumerate(case.data["facts"]):
        for path in paths(fact):
            data = copy.deepcopy(case.data)
            node = data["facts"][i]
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = other(node[path[-1]])
            yield f"fact {i} {'.'.join(path)}", data
    if not case.data.get("more"):
        data = copy.deepcopy(case.data)
        data["facts"].append({})
        yield "one fact too many", data


survivors, tried = [], 0
for case in all_cases():
    for what, data in broken(case):
        tried += 1
        try:
            Case(case.path, case.line, data).check()
        except (pytest.fail.Exception, LookupError):
            continue
        survivors.append(f"{case.id}: {what}")
print(f"{tried} broken expectations tried, {len(survivors)} passed anyway")
for s in survivors:
    print("  ", s)
