"""Hypothesis profiles of the fuzz suite.

`ci` (the default, used by `make test`) is derandomized: the same examples every run, so a red
build always means a change of the code, never a lucky draw. `explore` draws new random examples,
many more of them, to hunt for new failures locally: `HYPOTHESIS_PROFILE=explore pytest tests/fuzz`.
Neither keeps an example database, and hypothesis's own cache lives under var/ (ignored by git).
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(str(Path(__file__).resolve().parents[2] / "var" / "hypothesis"))

# The database fixtures are function scoped on purpose: the examples of one test share its
# transaction, which is rolled back at the end.
_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=60, derandomize=True, **_COMMON)
settings.register_profile("explore", max_examples=1000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
