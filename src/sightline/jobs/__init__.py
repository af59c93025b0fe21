"""Long jobs (imports today; packs and exports later) run in a child process with a memory and
time cap, so no file can take the service's memory or time: see `capped`."""

from sightline.jobs.capped import Capped, Limits, run_capped

__all__ = ["Capped", "Limits", "run_capped"]
