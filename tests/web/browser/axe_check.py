"""axe-core on the current page: the serious and critical accessibility violations. Kept apart from
conftest so a test can import it by a name no other folder's conftest shadows."""

from __future__ import annotations

from sightline.paths import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Serious and critical accessibility violations on the current page (axe-core)."""
    # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
