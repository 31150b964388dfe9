"""Getting files onto disk safely and fast: staging and the atomic swap, the caches, worker processes, progress.

Imports only the layers below: core to output.
"""
