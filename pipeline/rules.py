"""Decisions as ordered, named rules, and the trace of which rule set what.

A rule is a name and a function that looks at one situation and returns a
small dataclass (what it decided) or None (it does not apply). A ``Rules``
list tries its rules in order; the first that applies wins and its name comes
back with the decision, so every attribute of a fact can say which rule set it
(``vnfacts explain`` prints them). Rules are declared in the order they are
tried::

    TRAILING = Rules("document_refs.trailing")

    @TRAILING.rule("signing date after the identifier")
    def _signing_date(at: _At) -> Optional[_Step]: ...

The trace lives beside the facts, not in the records: ``doc._.rule_trace``
maps (fact kind, start, end) to {attribute: rule name}.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterator, Mapping, Optional, TypeVar

from spacy.tokens import Doc

A = TypeVar("A")
T = TypeVar("T")

if not Doc.has_extension("rule_trace"):
    Doc.set_extension("rule_trace", default=None)

# What explain prints for an attribute no rule set (it kept its default).
NO_RULE = "(no rule applied)"


@dataclass(frozen=True)
class Rule(Generic[A, T]):
    name: str
    decide: Callable[[A], Optional[T]]


@dataclass(frozen=True)
class Decision(Generic[T]):
    """What a rule decided, and which rule it was."""
    rule: str
    value: T


class Rules(Generic[A, T]):
    """An ordered list of named rules over one kind of situation."""

    def __init__(self, name: str):
        self.name = name
        self.rules: list[Rule[A, T]] = []

    def rule(self, name: str) -> Callable[[Callable[[A], Optional[T]]], Callable[[A], Optional[T]]]:
        """Decorator: append the function as the next rule, called ``name``."""
        if any(r.name == name for r in self.rules):
            raise ValueError(f"rules {self.name}: two rules named {name!r}")

        def add(decide: Callable[[A], Optional[T]]) -> Callable[[A], Optional[T]]:
            self.rules.append(Rule(name, decide))
            return decide
        return add

    def first(self, situation: A) -> Optional[Decision[T]]:
        """The decision of the first rule that applies, or None."""
        for rule in self.rules:
            value = rule.decide(situation)
            if value is not None:
                return Decision(rule.name, value)
        return None

    def __iter__(self) -> Iterator[Rule[A, T]]:
        return iter(self.rules)

    def __repr__(self) -> str:
        return f"Rules({self.name!r}: {', '.join(r.name for r in self.rules)})"


def record_trace(doc: Doc, kind: str, start: int, end: int, trace: Mapping[str, str]) -> None:
    """Remember which rule set each attribute of the fact of ``kind`` at start:end
    (added to what other steps recorded for that fact)."""
    traces = doc._.rule_trace  # one look-up: spaCy's ``doc._`` is slow to reach
    if traces is None:
        traces = doc._.rule_trace = {}
    traces.setdefault((kind, start, end), {}).update(trace)


def trace_of(doc: Doc, kind: str, fact: Any) -> dict[str, str]:
    """{attribute: rule name} for a fact found in doc (empty when its rules record none)."""
    return dict((doc._.rule_trace or {}).get((kind, fact.start, fact.end), {}))
