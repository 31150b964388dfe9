"""Unit tests laid out like `generator/`: tests/unit/<package>/test_<module>.py tests
generator/<package>/<module>.py through its functions, with no whole-site build.

Every folder here is a package (it has an `__init__.py`), so pytest imports a test file as
`unit.<package>.test_<module>` and two files may share a basename (tests/test_views.py and
tests/unit/plan/test_views.py). pytest puts `tests/` on sys.path (the first folder above a
package without an `__init__.py`), which is why `from conftest import write_site` works here
as it does in tests/hostile.
"""
