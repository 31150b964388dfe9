"""What the content means: field types, input schemas and their validation, recurrence, the immutable model, assembly across files, Markdown.

Imports only generator.core and generator.source.
"""
