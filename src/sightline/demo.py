"""`make demo`: generate a synthetic council into .demo/ and describe it."""

from __future__ import annotations

import json
from pathlib import Path

from sightline.paths import REPO
from sightline.synth.council import Request, generate

DEMO_DIR = REPO / ".demo"


def generate_demo_council(out_dir: Path) -> Path:
    """A synthetic council like Rotherham (372), 2024 and 2025, in `out_dir`; returns the folder."""
    generate(Request(out=out_dir, seed=1, years=[2024, 2025], like="372", la_code="372"))
    return out_dir


def describe(folder: Path) -> str:
    council = json.loads((folder / "council.json").read_text())
    year = str(council["years"][-1])
    rates = council["rates_asked_for"][year]
    made = council["generated"]
    per10k = lambda n: 10_000 * n / rates["population"]  # noqa: E731
    return "\n".join([
        f"{council['name']} ({council['code']}), collection years {council['years']}, seed {council['seed']}",
        f"  children generated: {made['children']:,}; referrals: {made['referrals']:,}; "
        f"periods of care: {made['periods_of_care']:,}",
        f"  children in the {year} CIN census: {council['cin_children'][year]:,}",
        f"  asked for {year}: referrals {rates['referrals']:,.0f} ({per10k(rates['referrals']):.0f} per 10,000), "
        f"re-referrals {rates['rereferral_pct']:.1f}%, CP plans started {rates['cpp_starts']:,.0f} "
        f"({rates['cpp_subsequent_pct']:.1f}% subsequent), looked after at 31 March "
        f"{rates['cla_at31']:,.0f} ({per10k(rates['cla_at31']):.0f} per 10,000)",
        f"  workforce: {len(council['workforce']['teams'])} teams, {council['workforce']['workers']} workers",
        f"  files in {folder}",
    ])  # fmt: skip


def main() -> None:
    folder = generate_demo_council(DEMO_DIR)
    print(describe(folder))


if __name__ == "__main__":
    main()
