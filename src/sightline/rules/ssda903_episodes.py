"""SSDA903 episodes: an episode ends after it starts (DfE 356) and episodes do not overlap (501)."""

from __future__ import annotations

from sightline.rules.registry import Rule, register


def _episode(child: str, start: str, end: str | None = None) -> dict[str, object]:
    return {
        "clae_cla_episode_id": f"{child}/{start}",
        "clae_person_id": child,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_ceased_date": end,
    }


register(
    Rule(
        code="356",
        return_="ssda903",
        field="DEC",
        query="""
            SELECT clae_person_id, strftime(clae_cla_episode_ceased_date, '%d/%m/%Y'), source_row
            FROM ssd_cla_episodes
            WHERE clae_cla_episode_ceased_date < clae_cla_episode_start_date""",
        passing=(
            {"ssd_cla_episodes": [_episode("C1", "2024-04-01", "2024-04-01")]},
            {"ssd_cla_episodes": [_episode("C1", "2024-04-01")]},
        ),
        failing=({"ssd_cla_episodes": [_episode("C1", "2024-04-01", "2024-03-01")]},),
    )
)

register(
    Rule(
        code="501",
        return_="ssda903",
        field="DEC",
        # Reported on the earlier episode, whose end runs past the start of the next one.
        query="""
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
            WHERE ended > next_start""",
        passing=(
            {
                "ssd_cla_episodes": [
                    _episode("C1", "2024-04-01", "2024-05-01"),
                    _episode("C1", "2024-05-01"),
                ]
            },
            {
                "ssd_cla_episodes": [
                    _episode("C1", "2024-04-01", "2024-05-01"),
                    _episode("C2", "2024-04-15"),
                ]
            },
        ),
        failing=(
            {
                "ssd_cla_episodes": [
                    _episode("C1", "2024-04-01", "2024-06-01"),
                    _episode("C1", "2024-05-01"),
                ]
            },
        ),
    )
)
