"""Document numbers of a bureau (发文字号): 代字〔年份〕序号号, e.g. 莲人社〔2022〕12号, numbered per bureau per year
with no gap and no repeat. Runs inside the caller's transaction."""

from dataclasses import dataclass

from zhicheng.accounts.models import Organisation
from zhicheng.lib.counters import take_next
from zhicheng.publication.models import DocumentCounter, DocumentPrefix

# The 人力社保 short form a bureau's 代字 takes after the first character of its region (莲都区 → 莲人社).
BUREAU_SHORT_FORM = "人社"


@dataclass(frozen=True)
class DocumentNumber:
    prefix: str
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.number}号"


def derive_prefix(bureau: Organisation) -> str:
    """莲都区人力资源和社会保障局 → 莲人社, 丽水市… → 丽人社, 浙江省…厅 → 浙人社: the usual 代字 of a bureau."""
    return bureau.region.name[:1] + BUREAU_SHORT_FORM


def prefix_for(bureau: Organisation) -> str:
    """The bureau's 代字 as kept in DocumentPrefix; the first use records the derived one."""
    row, _ = DocumentPrefix.objects.get_or_create(organisation=bureau, defaults={"prefix": derive_prefix(bureau)})
    return row.prefix


def take_number(bureau: Organisation, year: int) -> DocumentNumber:
    """The bureau's next number in the year, gapless under concurrency (see lib.counters)."""
    number = take_next(DocumentCounter, "last_number", organisation=bureau, year=year)
    return DocumentNumber(prefix_for(bureau), year, number)
