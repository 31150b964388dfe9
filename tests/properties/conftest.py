"""Hypothesis profiles: `ci` (the default) for the normal suite, `fuzz` for long runs.

    HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=100000 .venv/bin/python -m pytest -q \
        tests/properties --hypothesis-show-statistics

`ci` is derandomized, so the suite tries the same examples on every run and a pull request
cannot fail on a draw that its change had nothing to do with; `fuzz` draws new examples on
every run and keeps failures in `.hypothesis/` to replay them (docs/security.md).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=300, deadline=None, derandomize=True, database=None, print_blob=True)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
