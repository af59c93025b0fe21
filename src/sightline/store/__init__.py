"""Immutable, versioned snapshots of imported returns (see `snapshots.py`)."""

from sightline.store.snapshots import Snapshot, Store, StoreError

__all__ = ["Snapshot", "Store", "StoreError"]
