"""Uploading returns, their problem reports, and the snapshots they make."""
