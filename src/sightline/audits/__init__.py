"""Case audits: drawing a round's sample from a snapshot, audit forms as configuration, the
compliance picture a form is pre-filled with, agreement between auditors, and paperwork against
reality. Plain Python over the engine's datasets: no Django here (the web app stores the audits)."""
