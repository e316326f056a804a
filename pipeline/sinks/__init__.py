"""Where records go. ``jsonl``: JSON Lines files written line by line, safe to resume."""
from .jsonl import JsonlSink, errors_path_for, read_lines, truncate_partial_line

__all__ = ["JsonlSink", "errors_path_for", "read_lines", "truncate_partial_line"]
