"""National resources (numbers, hours, services), loaded and validated from one data file."""

from resources.catalog import Catalog, Resource, default_catalog, load_catalog
from resources.hours import OpeningHours, describe_reopening
from resources.render import render_text, render_tree

__all__ = [
    "Catalog",
    "OpeningHours",
    "Resource",
    "default_catalog",
    "describe_reopening",
    "load_catalog",
    "render_text",
    "render_tree",
]
