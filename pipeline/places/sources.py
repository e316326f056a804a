"""The province an article's source names: its site (a provincial Party
newspaper, broadcaster or portal) or the newspaper tag opening its lead
(``TTH -``, ``(Baohatinh.vn) -``). Table: ``pipeline/data/place_sources.json``."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ..tables import load_table
from .register import PROVINCE, Unit, ascii_key, load_register

_LEAD_TAG = re.compile(r"^\s*\(?\s*(?P<tag>[^\s()]{2,40}?)\s*\)?\s*[-–—]")
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_PORTAL_TYPE = re.compile(r"^(?:thanhpho|tinh|tp)(?=[a-z])")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Unit], dict[str, Unit], tuple[str, ...]]:
    t = load_table("place_sources")
    domains = {d.lower(): province_named(name) for d, name in t["domains"].items()}
    tags = {tag: province_named(name) for tag, name in t["tags"].items()}
    return domains, tags, tuple(t["portal_suffixes"])


def province_named(name: str) -> Unit:
    """The province the register (or place_names.json) knows by this name."""
    for unit in load_register().units_by_key.get(ascii_key(name), []):
        if unit.level == PROVINCE:
            return unit
    raise KeyError(f"no province named {name!r} in the register")


def _host(url: str) -> str:
    if not _URL_SCHEME.match(url):
        url = "//" + url
    return (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")


def _portal_province(host: str, suffixes: tuple[str, ...]) -> Unit | None:
    """hatinh.gov.vn, camau.dcs.vn, tphcm.dangcongsan.vn: the label before the suffix."""
    for suffix in suffixes:
        if host.endswith("." + suffix):
            label = _PORTAL_TYPE.sub("", host[: -len(suffix) - 1].rsplit(".", 1)[-1])
            for unit in load_register().units_by_key.get(label, []):
                if unit.level == PROVINCE:
                    return unit
    return None


def province_from_url(url: str | None) -> Unit | None:
    if not url:
        return None
    domains, _, suffixes = _tables()
    host = _host(url)
    parts = host.split(".")
    for i in range(len(parts) - 1):
        unit = domains.get(".".join(parts[i:]))
        if unit is not None:
            return unit
    return _portal_province(host, suffixes)


def province_from_tag(lead: str) -> tuple[Unit, str] | None:
    """(province, tag) for a lead that opens with a newspaper's tag."""
    m = _LEAD_TAG.match(lead)
    if m is None:
        return None
    tag = m.group("tag")
    domains, tags, _ = _tables()
    unit = tags.get(tag) or domains.get(tag.lower().rstrip("."))
    return (unit, tag) if unit is not None else None
