"""Import spaCy without its command line (``spacy.cli``).

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports
every spaCy command with what they need (typer, weasel, requests, jinja2 ...):
about a fifth of a vnfacts process's start-up, for commands vnfacts never runs.
``install()`` (called by ``pipeline/__init__.py``) puts a finder first on
``sys.meta_path`` that, when spaCy is first imported, lets spaCy's
``__init__`` find two stand-ins for ``spacy.cli`` and ``spacy.cli.info``, and
takes them away as soon as spaCy is imported: a later ``import spacy.cli``
imports the real one, ``spacy.cli`` reached as an attribute imports it then
(a module ``__getattr__``), and ``spacy.info()`` imports it on its first call.
When spaCy is already imported, nothing is done.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _info(*args, **kwargs):
    """``spacy.info``: spaCy's own, imported on first use."""
    from spacy.cli.info import info  # optional heavy dependency: spaCy's command line

    return info(*args, **kwargs)


def _lazy_cli(name: str):
    """spaCy's module attribute ``cli``, imported when first reached (PEP 562)."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


class _Loader(importlib.abc.Loader):
    """spaCy's own loader, run with the stand-ins in place."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        module.__loader__ = module.__spec__.loader = self.loader
        stand_ins = {name: types.ModuleType(name) for name in _STAND_INS}
        stand_ins["spacy.cli"].__path__ = []  # a package, with no submodule to find
        stand_ins["spacy.cli.info"].info = _info
        for name, stand_in in stand_ins.items():
            sys.modules.setdefault(name, stand_in)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
            if getattr(module, "cli", None) is stand_ins["spacy.cli"]:
                del module.cli
            if not hasattr(module, "__getattr__"):
                module.__getattr__ = _lazy_cli  # "spacy.cli" as an attribute still works


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "spacy":
            return None
        uninstall()
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


_FINDER = _Finder()


def install() -> None:
    if "spacy" not in sys.modules and _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
