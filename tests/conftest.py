"""Settings for the whole suite."""

from hypothesis import HealthCheck, settings

# Property tests state what must hold of every input, never how fast: on a busy machine (the
# suite runs on every core) drawing an input or running one example can take a second, and that
# says nothing about the code. Hypothesis's time limits would fail such a run for timing alone.
settings.register_profile("sightline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sightline")
