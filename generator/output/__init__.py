"""Turning planned pages and the model into files: HTML (Jinja), iCalendar, feeds, translations, the search index.

Imports only the layers below: core, source, content, plan.
"""
