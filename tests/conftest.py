"""Test configuration shared by the whole suite: the Hypothesis profiles.

``ci`` is derandomized, so a CI failure replays locally with the same profile; ``dev`` is
quicker. Pick one with the environment variable ``HYPOTHESIS_PROFILE`` (default ``dev``).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
