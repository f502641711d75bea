"""The outpatient special-disease catalogue (慢特病目录) as dated data (三（三）9).

The text names only some of the existing 10 special and 14 chronic diseases ("…等10种特殊病",
"…等14种慢病"); the others come from the basic-insurance catalogue and are added as data. The
first batch of 6 is dated from the plan's effective day, the text giving no separate date.
Outpatient and inpatient costs of a listed disease share one annual limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from govkit.rules import Finding, Outcome
from medical.domain.arithmetic import left
from medical.domain.catalogue import RULES
from medical.domain.policy import EFFECTIVE_FROM, clause

EXISTING_SPECIAL_COUNT = 10  # 10种特殊病
EXISTING_CHRONIC_COUNT = 14  # 14种慢病
FIRST_BATCH_COUNT = 6  # 第一批……等6种病种


class DiseaseKind(StrEnum):
    SPECIAL = "special"  # 特殊病
    CHRONIC = "chronic"  # 慢病


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    code: str
    name_zh: str
    name_en: str
    kind: DiseaseKind
    effective_from: date | None  # None = listed before this plan; the text gives no date
    effective_to: date | None
    source: str

    def in_force(self, day: date) -> bool:
        starts = self.effective_from or date.min
        return starts <= day and (self.effective_to is None or day <= self.effective_to)


_EXISTING = (
    clause("三（三）9")
    + " 在恶性肿瘤门诊治疗、器官移植后抗排异治疗等10种特殊病，高血压、糖尿病等14种慢病的基础上"
)
_BATCH_1 = clause("三（三）9") + " 第一批……等6种病种纳入特殊病种目录"


def _existing(code: str, zh: str, en: str, kind: DiseaseKind) -> CatalogueEntry:
    return CatalogueEntry(code, zh, en, kind, None, None, _EXISTING)


def _batch_1(code: str, zh: str, en: str) -> CatalogueEntry:
    return CatalogueEntry(code, zh, en, DiseaseKind.SPECIAL, EFFECTIVE_FROM, None, _BATCH_1)


CATALOGUE: tuple[CatalogueEntry, ...] = (
    _existing(
        "malignant-tumour-outpatient",
        "恶性肿瘤门诊治疗",
        "outpatient treatment of malignant tumours",
        DiseaseKind.SPECIAL,
    ),
    _existing(
        "transplant-anti-rejection",
        "器官移植后抗排异治疗",
        "anti-rejection therapy after organ transplant",
        DiseaseKind.SPECIAL,
    ),
    _existing("hypertension", "高血压", "hypertension", DiseaseKind.CHRONIC),
    _existing("diabetes", "糖尿病", "diabetes", DiseaseKind.CHRONIC),
    _batch_1(
        "schizoaffective-maintenance",
        "分裂情感障碍（重性精神病药物维持治疗）",
        "schizoaffective disorder (maintenance drug therapy)",
    ),
    _batch_1(
        "paranoid-maintenance",
        "偏执性精神障碍（重性精神病药物维持治疗）",
        "paranoid disorder (maintenance drug therapy)",
    ),
    _batch_1(
        "epilepsy-mental-maintenance",
        "癫痫所致精神障碍（重性精神病药物维持治疗）",
        "mental disorder due to epilepsy (maintenance drug therapy)",
    ),
    _batch_1(
        "intellectual-disability-mental-maintenance",
        "严重精神发育迟滞所致的精神障碍（重性精神病药物维持治疗）",
        "mental disorder due to severe intellectual disability (maintenance drug therapy)",
    ),
    _batch_1("diabetes-insulin", "糖尿病胰岛素治疗", "insulin therapy for diabetes"),
    _batch_1("uraemia-dialysis", "尿毒症透析治疗", "dialysis for uraemia"),
)


def catalogue_on(
    day: date, catalogue: Iterable[CatalogueEntry] = CATALOGUE
) -> tuple[CatalogueEntry, ...]:
    return tuple(e for e in catalogue if e.in_force(day))


def special_disease_finding(
    code: str, day: date, catalogue: Iterable[CatalogueEntry] = CATALOGUE
) -> Finding:
    """Whether `code` is in the catalogue on `day`; listed diseases share one annual limit."""
    entry = next((e for e in catalogue if e.code == code), None)
    if entry is None or not entry.in_force(day):
        return RULES.finding(
            "MED-SPECIAL-DISEASES",
            Outcome.FAIL,
            f"{code}在{day.isoformat()}不在特殊病种目录内",
            f"{code} is not in the special-disease catalogue on {day.isoformat()}",
            {"code": code, "on": day.isoformat()},
        )
    return RULES.finding(
        "MED-SPECIAL-DISEASES",
        Outcome.PASS,
        f"{entry.name_zh}属特殊病种目录，门诊与住院共用年度支付限额",
        f"{entry.name_en} is in the catalogue; outpatient and inpatient share the annual limit",
        {"code": code, "kind": entry.kind.value, "source": entry.source},
    )


def in_ordinary_outpatient_pool(setting_outpatient: bool, listed: bool, has_own_cap: bool) -> bool:
    """Whether basic insurance pays a claim against the ordinary outpatient limit.

    门诊与住院共用年度支付限额: outpatient care of a listed disease shares the inpatient limit;
    other outpatient care has its own limit where one is configured.
    """
    return setting_outpatient and not listed and has_own_cap


def shared_limit_left(annual_limit: Decimal, shared_paid: Decimal) -> Decimal:
    """What is left of the limit inpatient and listed special-disease outpatient care share."""
    return left(annual_limit, shared_paid)
