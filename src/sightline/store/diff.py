"""What changed between two snapshots of the same return: children added, removed and changed.

A child is changed when any of its rows in any canonical table differs (the row's location in the
file, `source_row`, does not count: moving a child within the file is not a change)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field

import duckdb

from sightline import canonical
from sightline.safe_output import neutralise
from sightline.store.snapshots import Snapshot


class DiffError(Exception):
    pass


@dataclass
class SnapshotDiff:
    old: str
    new: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # child -> tables that changed

    def render(self, format_: str = "text") -> str:
        if format_ == "json":
            return json.dumps(asdict(self), indent=1) + "\n"
        if format_ == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["child_id", "change", "tables"])
            writer.writerows([neutralise(c), "added", ""] for c in self.added)
            writer.writerows([neutralise(c), "removed", ""] for c in self.removed)
            writer.writerows(
                [neutralise(c), "changed", " ".join(t)] for c, t in self.changed.items()
            )
            return out.getvalue()
        lines = [
            f"From {self.old} to {self.new}: {len(self.added)} children added, "
            f"{len(self.removed)} removed, {len(self.changed)} changed."
        ]
        lines += [f"  added    {c}" for c in self.added]
        lines += [f"  removed  {c}" for c in self.removed]
        lines += [f"  changed  {c} ({', '.join(t)})" for c, t in self.changed.items()]
        return "\n".join(lines) + "\n"


def _person_column(name: str) -> str | None:
    for column in canonical.table(name).columns:
        if column.endswith("person_id"):
            return column
    return None


def diff_snapshots(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    if old.return_ != new.return_:
        raise DiffError(
            f"Snapshots of different returns cannot be compared ({old.return_} and {new.return_})."
        )
    result = SnapshotDiff(old.id, new.id)
    connection = duckdb.connect()
    try:
        hashes = []
        for name in sorted(set(old.tables()) | set(new.tables())):
            person = _person_column(name)
            if person is None:
                continue
            columns = [c for c in canonical.table(name).columns if c != "source_row"]
            row = "CAST(ROW(" + ", ".join(f'"{c}"' for c in columns) + ") AS VARCHAR)"
            for side, snapshot in (("old", old), ("new", new)):
                connection.register(f"{side}_{name}", snapshot.read_table(name))
            hashes.append(
                f"""SELECT '{name}' AS t, coalesce(o.p, n.p) AS p, o.h AS oh, n.h AS nh FROM
                (SELECT "{person}" AS p, md5(string_agg({row}, '|' ORDER BY {row})) AS h
                   FROM old_{name} GROUP BY 1) o
                FULL JOIN
                (SELECT "{person}" AS p, md5(string_agg({row}, '|' ORDER BY {row})) AS h
                   FROM new_{name} GROUP BY 1) n ON o.p = n.p"""
            )
        if not hashes:
            return result
        rows = connection.execute(
            "SELECT t, p, oh, nh FROM (" + " UNION ALL ".join(hashes) + ") ORDER BY p, t"
        ).fetchall()
    finally:
        connection.close()
    old_children = {p for _, p, oh, _ in rows if oh is not None}
    new_children = {p for _, p, _, nh in rows if nh is not None}
    result.added = sorted(new_children - old_children)
    result.removed = sorted(old_children - new_children)
    for table, person, oh, nh in rows:
        if person in old_children and person in new_children and oh != nh:
            result.changed.setdefault(person, []).append(table)
    return result
