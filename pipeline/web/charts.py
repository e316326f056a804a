"""Charts as SVG, drawn on the server from Vega-Lite specs by vl-convert (offline:
no script, no font or library fetched). Every chart is a bar chart of one
Result column against another, with titled axes that say their unit."""
from __future__ import annotations

import json
from functools import lru_cache

import vl_convert

from .explorer import Result, plain

WIDTH = 560
HEIGHT = 240


def bar_spec(result: Result, x: str, y: str, x_title: str, y_title: str, title: str, *, horizontal=False) -> dict:
    values = [{k: plain(v) for k, v in row.items()} for row in result.records()]
    category = {"field": x, "type": "ordinal", "title": x_title, "sort": None}
    amount = {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": ",d", "tickMinStep": 1}}
    encoding = {"y": category, "x": amount} if horizontal else {"x": {**category, "axis": {"labelAngle": 0}}, "y": amount}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title, "width": WIDTH, "height": HEIGHT if not horizontal else max(60, 22 * len(values)),
        "data": {"values": values}, "mark": {"type": "bar", "color": "#8b1a1a", "tooltip": True},
        "encoding": {**encoding, "tooltip": [{"field": x, "title": x_title}, {"field": y, "title": y_title}]},
        "config": {"font": "DejaVu Sans, Liberation Sans, Arial, sans-serif"},
    }


def empty_spec(message: str) -> dict:
    """A chart without data says so, in the chart's place."""
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": WIDTH, "height": 60,
            "data": {"values": [{"message": message}]},
            "mark": {"type": "text", "fontSize": 14, "color": "#666"},
            "encoding": {"text": {"field": "message"}},
            "config": {"font": "DejaVu Sans, Liberation Sans, Arial, sans-serif", "view": {"stroke": None}}}


def svg(spec: dict) -> str:
    return _svg(json.dumps(spec, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    # The store does not change while it is served: the same spec draws the same chart.
    return vl_convert.vegalite_to_svg(json.loads(spec_json))
