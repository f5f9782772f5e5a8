"""Zhejiang's region tree from the shipped CSV: used by the migration, the demo and the tests."""

import csv
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parent / "data" / "zhejiang-regions.csv"


def load_regions(Region) -> int:
    """Create or update every region of the CSV; safe to run again. Returns the number of regions."""
    nodes: dict[str, object] = {}

    def node(name: str, level: str, parent, mountain: bool = False):
        path = (parent.path if parent else "") + name + "/"
        if path not in nodes:
            nodes[path], _ = Region.objects.update_or_create(
                path=path,
                defaults={"name": name, "level": level, "parent": parent, "is_mountain_county": mountain},
            )
        return nodes[path]

    with CSV_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            province = node(row["province"], "province", None)
            city = node(row["city"], "city", province)
            node(row["county"], "county", city, row["is_mountain_county"].strip() == "1")
    return len(nodes)
