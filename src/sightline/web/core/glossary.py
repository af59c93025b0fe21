"""The glossary: the words the pages use, for members and new staff, and each indicator's help."""

from __future__ import annotations

TERMS: list[tuple[str, str]] = [
    ("Assessment", "Social workers finding out what help a child and family need. The statutory "
     "guidance sets a limit of 45 working days."),
    ("c (suppressed figure)", "A figure about fewer than 5 children, hidden so that no child can "
     "be recognised. Rates and averages resting on such a figure are hidden too."),
    ("Care leaver", "A young person aged 16 to 25 who was in care and is entitled to support from "
     "the council after leaving it."),
    ("Child in need (CIN)", "A child whose health or development needs extra help from children's "
     "social care (section 17 of the Children Act 1989)."),
    ("Child protection plan", "A plan agreed at a child protection conference for a child judged "
     "at risk of significant harm, reviewed at set times."),
    ("Children looked after (in care)", "Children the council looks after under a court order or "
     "by agreement with their parents."),
    ("CIN census", "The return every council sends the Department for Education each year about "
     "the children in need it worked with in the year to 31 March."),
    ("Collection year", "The year a return covers: the year to 31 March (the 2025 collection year "
     "runs from 1 April 2024 to 31 March 2025)."),
    ("England", "The figure for all councils in England, as the Department for Education publishes "
     "it."),
    ("Initial child protection conference", "The first meeting of professionals and the family to "
     "decide whether a child needs a child protection plan; due within 15 working days."),
    ("Per 10,000 children", "A count divided by the number of children aged 0 to 17 living in the "
     "area, times 10,000, so that councils of different sizes can be compared."),
    ("RAG", "Red, amber or green: how a figure or an action stands against its target or due date. "
     "Green meets it, amber is close, red is off track."),
    ("Referral", "A request to children's social care to help a child, accepted by the council."),
    ("Section 47 enquiry", "An enquiry the council must make when there is reasonable cause to "
     "suspect that a child is suffering, or likely to suffer, significant harm."),
    ("Snapshot", "One import of a return, kept unchanged so that any figure shown can be worked "
     "out again later from the same data."),
    ("SSDA903", "The return about children looked after and care leavers that every council sends "
     "the Department for Education each year."),
    ("Statistical neighbours", "The ten councils most like this one in their population, chosen by "
     "the Department for Education. The median is the middle of their figures."),
    ("Working days", "Monday to Friday, not counting bank holidays in England."),
]  # fmt: skip
