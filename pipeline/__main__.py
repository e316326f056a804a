import sys

from .cli import main

# Guarded: worker processes started with "spawn" (the process pool, Dask) import this module.
if __name__ == "__main__":
    sys.exit(main())
