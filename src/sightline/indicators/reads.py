"""Which canonical tables an indicator's SQL reads, found by DuckDB's own parser.

A figure names every snapshot it used (`Result.snapshot_ids`); those come from the tables the
declaration lists, so the registry checks each list against its SQL (`check_tables`) and refuses a
declaration whose list leaves a table out or names one it never reads. A history view
(`cla_episode_history`...) is built from this year's table and the year before's, so reading it
reads both. The dataset's own calendar tables (`calendar_days`) come from no snapshot and are left
out.
"""

from __future__ import annotations

import json
import os
import threading
from functools import lru_cache
from typing import Any

import duckdb

from sightline.dataset import CALENDAR_TABLES, HISTORY_VIEWS

# One connection parses every declaration: opening one costs about 10 ms, and the registry and
# the runner ask of some seventy queries. Opened again in a process forked after it was opened (a
# server's workers), which must not share it.
_parser_lock = threading.Lock()
_parsers: dict[int, duckdb.DuckDBPyConnection] = {}


def _parser() -> duckdb.DuckDBPyConnection:
    pid = os.getpid()
    if pid not in _parsers:
        _parsers.clear()
        _parsers[pid] = duckdb.connect(":memory:")
    return _parsers[pid]


@lru_cache(maxsize=256)
def tables_read(sql: str) -> frozenset[str]:
    """The tables `sql` reads (not its CTEs), with each history view's own table."""
    with _parser_lock:
        con = _parser()
        (text,) = con.execute("SELECT json_serialize_sql($q)", {"q": sql}).fetchone() or ("{}",)
    tree = json.loads(text)
    if tree.get("error"):
        raise ValueError(f"the query does not parse: {tree.get('error_message', tree)}")
    tables: set[str] = set()
    ctes: set[str] = set()
    _walk(tree, tables, ctes)
    found = {t for t in tables if t not in ctes and t not in CALENDAR_TABLES}
    return frozenset(found | {HISTORY_VIEWS[t] for t in found if t in HISTORY_VIEWS})


def check_tables(indicator_id: str, declared: tuple[str, ...], sql: str) -> None:
    """Raise ValueError when a declaration's table list and its SQL disagree."""
    read = tables_read(sql)
    missing, unread = sorted(read - set(declared)), sorted(set(declared) - read)
    if missing or unread:
        parts = [f"reads {', '.join(missing)} but does not declare it"] if missing else []
        parts += [f"declares {', '.join(unread)} but never reads it"] if unread else []
        raise ValueError(f"indicator {indicator_id!r}: {'; '.join(parts)}")


def _walk(node: Any, tables: set[str], ctes: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE" and node.get("table_name"):
            tables.add(str(node["table_name"]))
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            ctes.update(str(entry.get("key")) for entry in cte_map.get("map", []))
        for value in node.values():
            _walk(value, tables, ctes)
    elif isinstance(node, list):
        for value in node:
            _walk(value, tables, ctes)
