"""The .docx templates kept in the repository are the ones make_templates.py writes, so they can be made
again after a change to the script; each jinja tag sits whole in one run, as docxtpl needs."""

import re
import zipfile

import pytest
from docx import Document

from zhicheng.publication import make_templates


@pytest.mark.parametrize(
    ("make", "kept"),
    [(make_templates.make_letter, make_templates.LETTER), (make_templates.make_name_list, make_templates.NAME_LIST)],
)
def test_the_kept_template_is_what_the_script_writes(tmp_path, make, kept):
    fresh = make(tmp_path / kept.name)
    with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(kept) as old:
        assert sorted(new.namelist()) == sorted(old.namelist())
        changed = [part for part in new.namelist() if new.read(part) != old.read(part)]
    assert not changed, f"重新运行 python -m zhicheng.publication.make_templates：{changed}"


def test_every_tag_is_whole_in_one_run():
    for path in (make_templates.LETTER, make_templates.NAME_LIST):
        document = Document(str(path))
        paragraphs = list(document.paragraphs) + [
            p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
        ]
        for paragraph in paragraphs:
            for run in paragraph.runs:
                assert run.text.count("{{") == run.text.count("}}"), run.text
                assert len(re.findall(r"\{%", run.text)) == len(re.findall(r"%\}", run.text)), run.text
