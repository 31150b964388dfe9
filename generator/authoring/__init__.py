"""Tools for the people who write the content: `new`, JSON Schema export, CODEOWNERS, the `changes` summary.

May import every layer up to generator.pipeline; not generator.cli.
"""
