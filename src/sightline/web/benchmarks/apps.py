from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "sightline.web.benchmarks"
    label = "benchmarks"
