"""The ground every layer stands on: locations and errors, limits, options and the theme listing, time zones, the site's addresses.

Imports nothing else of the generator.
"""
