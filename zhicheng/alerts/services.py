"""Writes on alerts: raising them (the detectors) and deciding them (a bureau, with a reason)."""

import json
from dataclasses import dataclass, field, replace
from operator import attrgetter

from django.db import connection, transaction
from django.utils import timezone

from zhicheng.alerts.models import KEY_LENGTH, SUMMARY_LENGTH, Alert
from zhicheng.audit.services import record_event
from zhicheng.lib.errors import Conflict, Forbidden, RuleViolation
from zhicheng.lib.pgcopy import copy_rows


@dataclass
class Finding:
    """What a detector found, before it becomes (or refreshes) an Alert."""

    kind: str
    key: str
    region_id: int
    summary: str
    evidence: dict
    severity: str = Alert.Severity.MEDIUM
    committee_id: int | None = None
    organisation_id: int | None = None
    extra: dict = field(default_factory=dict)


# What a re-detection refreshes; the columns of an alert a detector fills, as staged for COPY.
UPSERT_UPDATES = ["summary", "evidence", "severity", "last_seen_at"]
STAGED = ["kind", '"key"', "region_id", "summary", "evidence", "severity", "committee_id", "organisation_id"]
# Up to this many findings, one INSERT … ON CONFLICT with the values writes them: staging them for COPY costs
# four statements, which is most of the time of a detector that finds a handful (a few ms on PostgreSQL).
STAGE_FROM = 200
# One encoder for every staged row: json.dumps given an option builds a new encoder on each call.
EVIDENCE_JSON = json.JSONEncoder(ensure_ascii=False)


def _fitted(finding: Finding) -> Finding:
    """The finding with its key and summary cut to what an alert holds."""
    if len(finding.key) <= KEY_LENGTH and len(finding.summary) <= SUMMARY_LENGTH:
        return finding
    return replace(finding, key=finding.key[:KEY_LENGTH], summary=finding.summary[:SUMMARY_LENGTH])


@transaction.atomic
def raise_alerts(findings: list[Finding]) -> list[Finding]:
    """Upsert one alert per (kind, key): a re-detection refreshes summary, evidence and last_seen_at and keeps
    the state, so a dismissed alert stays dismissed (55号 §3). All in one transaction, so the findings are
    raised all or none. Returns the findings as written, one per alert."""
    # Two findings of one run with the same key are one subject: the last one wins.
    # Written in (kind, key) order, so two runs at once lock the rows they share in the same order.
    unique = sorted({(f.kind, f.key): f for f in map(_fitted, findings)}.values(), key=attrgetter("kind", "key"))
    now = timezone.now()
    if connection.vendor == "postgresql" and len(unique) >= STAGE_FROM:
        _upsert_copied(unique, now)
    else:
        Alert.objects.bulk_create(
            [_alert(f, now) for f in unique],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["kind", "key"],
            update_fields=UPSERT_UPDATES,
        )
    return unique


def _alert(finding: Finding, now) -> Alert:
    return Alert(
        kind=finding.kind,
        key=finding.key,
        region_id=finding.region_id,
        summary=finding.summary,
        evidence=finding.evidence,
        severity=finding.severity,
        committee_id=finding.committee_id,
        organisation_id=finding.organisation_id,
        last_seen_at=now,
    )


def _upsert_copied(findings: list[Finding], now) -> None:
    """The upsert on PostgreSQL: the findings COPYed into a temporary table, then one INSERT … ON CONFLICT.
    bulk_create spent ~70 µs of Python a row preparing and quoting values (1.3 s for a province's 20,000
    archive shortfalls), and building model instances for it ~30 µs more; COPY's text rows cost a few."""
    if not findings:
        return
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in UPSERT_UPDATES)
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TEMP TABLE IF NOT EXISTS alert_staged (kind text, "key" text, region_id bigint, summary text,'
            " evidence jsonb, severity text, committee_id bigint, organisation_id bigint)"
        )
        cursor.execute("TRUNCATE alert_staged")
        rows = (
            (
                f.kind,
                f.key,
                f.region_id,
                f.summary,
                EVIDENCE_JSON.encode(f.evidence),
                f.severity,
                f.committee_id,
                f.organisation_id,
            )
            for f in findings
        )
        copy_rows(cursor, "alert_staged", STAGED, rows)
        # No ORDER BY: the findings come sorted, and a temporary table just emptied and filled by one COPY is
        # scanned in the order it was written (never in parallel). Sorting the staged rows again, evidence and
        # all (~10 MB for the province's 20,000 archive shortfalls), spilled to disk: ~100 ms of a 450 ms statement.
        cursor.execute(
            f"""INSERT INTO "alerts_alert" ({", ".join(STAGED)}, state, reason, created_at, last_seen_at)
                SELECT {", ".join(STAGED)}, %s, '', %s, %s FROM alert_staged
                ON CONFLICT (kind, "key") DO UPDATE SET {updates}""",
            [Alert.State.OPEN, now, now],
        )


def raise_alert(kind: str, key: str, *, region, summary: str, evidence: dict, **extra) -> Alert:
    """Raise or refresh the one alert of (kind, key)."""
    finding = Finding(kind, key, getattr(region, "pk", region), summary, evidence, **extra)
    raise_alerts([finding])
    return Alert.objects.get(kind=kind, key=key[:200])


def _can_decide(actor, alert: Alert) -> bool:
    from zhicheng.accounts.models import Role

    if actor.is_superuser:
        return True
    region = actor.region
    return actor.role == Role.BUREAU and region is not None and region.contains(alert.region)


def _decide(alert: Alert, *, actor, reason: str, to: str, action: str) -> Alert:
    alert = Alert.objects.select_for_update(of=("self",)).select_related("region").get(pk=alert.pk)
    if not _can_decide(actor, alert):
        raise Forbidden("只有预警所在地区及上级的人力社保局可以处理预警", clause="55号 §3")
    if alert.state != Alert.State.OPEN:
        raise Conflict(f"该预警已{alert.get_state_display()}，不能重复处理")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("请填写处理说明：确认或排除预警都须写明理由", clause="55号 §3")
    before = alert.state
    alert.state = to
    alert.reason = reason
    alert.decided_by = actor
    alert.decided_at = timezone.now()
    alert.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    record_event(actor=actor, action=action, obj=alert, before=before, after=to, reason=reason)
    return alert


@transaction.atomic
def alert_confirm(alert: Alert, *, actor, reason: str) -> Alert:
    """A bureau of the alert's region confirms the warning, with its reason (55号 §3 跟踪预警)."""
    return _decide(alert, actor=actor, reason=reason, to=Alert.State.CONFIRMED, action="alert.confirm")


@transaction.atomic
def alert_dismiss(alert: Alert, *, actor, reason: str) -> Alert:
    """A bureau of the alert's region dismisses the warning, with its reason; it is not raised again."""
    return _decide(alert, actor=actor, reason=reason, to=Alert.State.DISMISSED, action="alert.dismiss")
