"""Unit tests for generator/content: field types, validation, recurrence, assembly, Markdown."""
