"""Unit tests for generator/output: HTML, iCalendar, feeds, search."""
