"""Unit tests for generator/publish: staging and swap, caches, workers, progress."""
