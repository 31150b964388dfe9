"""The hostile-content corpus: broken and malicious input that must be refused with a clear
`path:line:column: error:` (and nothing written), or built into safe output.

Small cases are folders under fixtures/ (laid over the base site of tests/conftest.py);
cases that need bytes a repository should not hold (control characters, CRLF, Latin-1,
symlinks, pipes, files of many megabytes) are made in tmp_path by the tests themselves.
"""
