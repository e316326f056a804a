"""vnfacts: facts from Vietnamese Party-building and local-government articles."""
__version__ = "0.1.0"
