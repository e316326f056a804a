"""The attribute strings a CRFsuite model file knows.

underthesea's CRF models (POS, chunk, NER, word segmentation) are CRFsuite
files: a header, then the feature weights, and the label and attribute
strings each in a CQDB (constant quark database) chunk. A feature string the
model does not hold has no weight: the tagger drops it. Reading the attribute
strings lets the featurizer skip such strings before building them, with the
same tags (tested against underthesea).

Layout (crfsuite/lib/crf/src/crf1m_model.c, cqdb.c): the file header is
magic "lCRF", size, type "FOMC", version, then nine uint32 (num_features,
num_labels, num_attrs, off_features, off_labels, off_attrs, off_labelrefs,
off_attrrefs). A CQDB chunk: "CQDB", size, flag, byteorder, bwd_size,
bwd_offset; its backward array holds, per id, the offset (from the chunk
start) of a record: uint32 id, uint32 key size, the key with its NUL.
"""
from __future__ import annotations

import struct
from functools import lru_cache

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB = struct.Struct("<4sIIIII")
_RECORD = struct.Struct("<II")


class NotACrfsuiteModel(ValueError):
    """The file is not a CRFsuite model this reader understands."""


@lru_cache(maxsize=None)
def model_attributes(path: str) -> frozenset[str]:
    """Every attribute (feature string) of the model at path."""
    with open(path, "rb") as f:
        data = f.read()
    magic, _, kind, _, _, _, num_attrs, _, _, off_attrs, _, _ = _HEADER.unpack_from(data, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise NotACrfsuiteModel(f"{path}: not a CRFsuite 1st-order model")
    chunk, _, _, _, bwd_size, bwd_offset = _CQDB.unpack_from(data, off_attrs)
    if chunk != b"CQDB":
        raise NotACrfsuiteModel(f"{path}: no attribute database at offset {off_attrs}")
    offsets = struct.unpack_from(f"<{bwd_size}I", data, off_attrs + bwd_offset)
    attributes = []
    for offset in offsets:
        if offset:
            start = off_attrs + offset
            _, size = _RECORD.unpack_from(data, start)
            attributes.append(data[start + _RECORD.size: start + _RECORD.size + size - 1].decode("utf-8"))
    if len(attributes) != num_attrs:
        raise NotACrfsuiteModel(f"{path}: {len(attributes)} attributes read, the header says {num_attrs}")
    return frozenset(attributes)
