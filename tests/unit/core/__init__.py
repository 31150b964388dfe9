"""Unit tests for generator/core: errors, limits, text helpers, urls."""
