"""SSDA903 2022/23: an episode ends on or after it starts (356); episodes do not overlap (501)."""

from __future__ import annotations

from sightline.rules.engine import rule_set
from sightline.rules.shapes import query

rule_set("ssda903", 2023).add(
    query("356", "DEC", """
        SELECT clae_person_id, strftime(clae_cla_episode_ceased_date, '%d/%m/%Y'), source_row
        FROM ssd_cla_episodes
        WHERE clae_cla_episode_ceased_date < clae_cla_episode_start_date"""),
    # Reported on the earlier episode, whose end runs past the start of the next one.
    query("501", "DEC", """
        WITH ordered AS (
            SELECT clae_person_id, clae_cla_episode_ceased_date AS ended, source_row,
                   lead(clae_cla_episode_start_date) OVER (
                       PARTITION BY clae_person_id
                       ORDER BY clae_cla_episode_start_date, clae_cla_episode_id
                   ) AS next_start
            FROM ssd_cla_episodes
            WHERE clae_cla_episode_start_date IS NOT NULL
        )
        SELECT clae_person_id, strftime(ended, '%d/%m/%Y'), source_row
        FROM ordered
        WHERE ended > next_start"""),
    origin=__name__,
)  # fmt: skip
