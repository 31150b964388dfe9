"""Reading the site folder: walking content/, splitting front matter from Markdown, the git history of each file.

Imports only generator.core.
"""
