from sightline.web.common import areas


class AuditsConfig(areas.AreaConfig):
    name = "sightline.web.audits"
    label = "audits"
    verbose_name = "Case audits"
    url_prefix = "audits/"
    nav = (areas.NavEntry("Audits", "audits:index", "view_aggregates", order=45),)

    def ready(self) -> None:
        from sightline.web.audits import selectors

        self.child_panels = (areas.ChildPanel("audits/_child_panel.html", selectors.child_panel),)
        self.work_items = (
            areas.WorkItems(
                selectors.ACTION_EVENT, "Action from a case audit", selectors.action_work_rows
            ),
        )
        self.measures = (selectors.GOOD_OR_BETTER,)
