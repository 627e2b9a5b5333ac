"""Running many documents: the worker, the local process pool, the Dask engine, progress."""
