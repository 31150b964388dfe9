"""Unit tests for generator/source: walking content/, front matter, git history."""
