"""Unit tests for generator/plan: routes, views, calendar grid and links, the chapter map, the link check."""
