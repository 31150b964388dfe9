"""Which pages the site has and what each shows: page planning, browsing pages (calendars, tags), view data, SEO data, the link check.

Imports only the layers below: core, source, content.
"""
