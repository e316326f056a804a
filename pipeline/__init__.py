"""vnfacts: facts from Vietnamese Party-building and local-government articles."""
from . import spacy_import

__version__ = "0.1.0"

spacy_import.install()  # spaCy without its command line, whichever module imports it first


def open_db(path, read_only: bool = True):
    """Open the DuckDB facts store (``vnfacts load``): ``.sql()``, ``.preset()`` give DataFrames.

    Imported lazily so that ``import pipeline`` does not load DuckDB.
    """
    from .store import open_db as _open_db  # DuckDB: loaded only when a store is opened

    return _open_db(path, read_only=read_only)
