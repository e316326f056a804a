"""Where records go. ``jsonl``: JSON Lines files written line by line, safe to resume
(gzipped for a ``.gz`` path); ``guard``: the checks on output paths before any is opened."""
from .guard import OutputRefused, check_output, check_outputs
from .jsonl import JsonlSink, OutputWriteError, errors_path_for, read_lines, read_objects, truncate_partial_line

__all__ = ["JsonlSink", "OutputRefused", "OutputWriteError", "check_output", "check_outputs",
           "errors_path_for", "read_lines", "read_objects", "truncate_partial_line"]
