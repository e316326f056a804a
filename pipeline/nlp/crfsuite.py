"""The attribute strings, labels and weights of a CRFsuite model file.

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
start) of a record: uint32 id, uint32 key size, the key with its NUL. The
features chunk: "FEAT", size, count, then per feature uint32 type (0: state,
attribute → label; 1: transition, label → label), uint32 source, uint32
target, float64 weight.

``read_model`` reads the weights as underthesea_core's tagger loads them
(``crf/serialization.rs``, ``crf/model.rs``): a later feature for the same
pair replaces an earlier one, and a state weight within 1e-10 of zero is no
weight at all. So sums of these weights, in the tagger's order, are the
tagger's sums to the last bit (tested against its scores).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CQDB = struct.Struct("<4sIIIII")
_RECORD = struct.Struct("<II")
_CHUNK = struct.Struct("<4sII")
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
# underthesea_core drops a state weight this close to zero (set_state_weight).
_ZERO_WEIGHT = 1e-10


class NotACrfsuiteModel(ValueError):
    """The file is not a CRFsuite model this reader understands."""


def _read(path: str) -> tuple[bytes, tuple]:
    with open(path, "rb") as f:
        data = f.read()
    header = _HEADER.unpack_from(data, 0)
    if header[0] != b"lCRF" or header[2] != b"FOMC":
        raise NotACrfsuiteModel(f"{path}: not a CRFsuite 1st-order model")
    return data, header


def _strings(data: bytes, offset: int, expected: int, path: str) -> list[str]:
    """The strings of the CQDB chunk at offset, by id (the tagger numbers them
    in the order of the backward array, skipping empty slots: that is their id
    only when no slot is empty, which is checked)."""
    chunk, _, _, _, bwd_size, bwd_offset = _CQDB.unpack_from(data, offset)
    if chunk != b"CQDB":
        raise NotACrfsuiteModel(f"{path}: no string database at offset {offset}")
    records = np.frombuffer(data, "<u4", bwd_size, offset + bwd_offset).astype(np.int64) + offset
    if not records.size or (records == offset).any():  # an empty slot
        raise NotACrfsuiteModel(f"{path}: string ids with gaps at offset {offset}")
    stored_ids, sizes = _uint32_at(data, records), _uint32_at(data, records + 4)
    if (stored_ids != np.arange(bwd_size)).any():
        raise NotACrfsuiteModel(f"{path}: string ids with gaps at offset {offset}")
    # each key follows its id and size, and ends with a NUL
    strings = [data[start: start + size - 1].decode("utf-8")
               for start, size in zip((records + _RECORD.size).tolist(), sizes.tolist())]
    if len(strings) != expected or len(set(strings)) != expected:
        raise NotACrfsuiteModel(f"{path}: {len(strings)} strings read, the header says {expected}")
    return strings


def _uint32_at(data: bytes, offsets: np.ndarray) -> np.ndarray:
    """The little-endian uint32 at each offset (records are not aligned)."""
    octets = np.frombuffer(data, np.uint8)
    return sum(octets[offsets + k].astype(np.int64) << (8 * k) for k in range(4))


@lru_cache(maxsize=None)
def model_attributes(path: str) -> frozenset[str]:
    """Every attribute (feature string) of the model at path."""
    data, header = _read(path)
    return frozenset(_strings(data, header[9], header[6], path))


@dataclass(frozen=True)
class CrfsuiteModel:
    """A model's labels, attributes (by id) and weights as arrays.

    ``state[a, y]`` is the weight of attribute a for label y; its last row
    (id ``unknown``, one past the attributes) is zeros, for the feature values
    the model does not know. ``transition[x, y]``: from label x to label y.
    """

    labels: list[str]
    attributes: list[str]
    state: np.ndarray
    transition: np.ndarray

    @property
    def unknown(self) -> int:
        return len(self.attributes)


@lru_cache(maxsize=None)
def read_model(path: str) -> CrfsuiteModel:
    """The model at path, weights as underthesea_core's tagger holds them."""
    data, header = _read(path)
    _, _, _, _, _, num_labels, num_attrs, off_features, off_labels, off_attrs, _, _ = header
    labels = _strings(data, off_labels, num_labels, path)
    attributes = _strings(data, off_attrs, num_attrs, path)
    chunk, _, count = _CHUNK.unpack_from(data, off_features)
    if chunk != b"FEAT":
        raise NotACrfsuiteModel(f"{path}: no features chunk at offset {off_features}")
    features = np.frombuffer(data, _FEATURE, count, off_features + _CHUNK.size)
    state = _weights(features[features["type"] == 0], (num_attrs + 1, num_labels), num_attrs, path)
    transition = _weights(features[features["type"] == 1], (num_labels, num_labels), num_labels, path)
    state[np.abs(state) <= _ZERO_WEIGHT] = 0.0
    return CrfsuiteModel(labels, attributes, state, transition)


def _weights(features: np.ndarray, shape: tuple[int, int], sources: int, path: str) -> np.ndarray:
    """The features' weights in a matrix source × target. The tagger lets a
    later feature for a pair replace an earlier one; NumPy gives no order to
    repeated indices, so a model with repeated pairs is refused."""
    source, target = features["source"].astype(np.intp), features["target"].astype(np.intp)
    if len(features) and (source.max() >= sources or target.max() >= shape[1]):
        raise NotACrfsuiteModel(f"{path}: a feature refers to an unknown attribute or label")
    pairs = np.sort(source * shape[1] + target)
    if (pairs[1:] == pairs[:-1]).any():
        raise NotACrfsuiteModel(f"{path}: two features for the same pair")
    if not np.isfinite(features["weight"]).all():
        raise NotACrfsuiteModel(f"{path}: a weight that is not a number")
    weights = np.zeros(shape)
    weights[source, target] = features["weight"]
    return weights
