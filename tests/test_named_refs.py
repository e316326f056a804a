"""Documents cited by name without a number (document_refs with code null, plenum/congress set),
found when the pipeline is loaded with named_refs=True; never by default.

The passages are in tests/cases/named_refs.jsonl (read with named_refs=True) and
document_refs.jsonl (read by default: "named references are off by default")."""
from pipeline.language import config


def test_the_config_switches_named_references_on():
    assert config("none")["components"]["vnfacts_document_refs"]["named"] is False
    assert config("none", named_refs=True)["components"]["vnfacts_document_refs"]["named"] is True
