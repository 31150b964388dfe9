"""Chapters: a static site generator for the city chapters of an open expat network."""

__version__ = "0.1.0"
