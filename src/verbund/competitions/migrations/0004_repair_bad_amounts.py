"""Repair money amounts that the field cannot hold (issue 9: `EFRE; 1e20`, NaN, inf).

SQLite stored such amounts as they were typed; reading them back raised `decimal.InvalidOperation`
on every page of the idea. Values are read raw (without Django's decimal converter); a financing
line whose amount is not a finite number with at most 12 digits before the point gets 0 and its
source is flagged "(amount … unreadable: please check)"; such a requested budget is emptied.
PostgreSQL refused these values on insert, so there it finds nothing.
"""

from decimal import Decimal, InvalidOperation

from django.db import migrations

WHOLE_DIGITS = 12  # max_digits 14 - decimal_places 2
FLAG = " (amount {raw} unreadable: please check)"


def _bad(raw) -> bool:
    if raw is None:
        return False
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return True
    return not value.is_finite() or value.adjusted() >= WHOLE_DIGITS or value < 0


def _repair_table(cursor, *, table: str, key: str, money: str, label: str | None) -> None:
    columns = f"{key}, {money}" + (f", {label}" if label else "")
    cursor.execute(f"SELECT {columns} FROM {table} WHERE {money} IS NOT NULL")
    for row in [r for r in cursor.fetchall() if _bad(r[1])]:
        if label:
            flagged = (row[2] or "") + FLAG.format(raw=str(row[1])[:40])
            cursor.execute(
                f"UPDATE {table} SET {money} = %s, {label} = %s WHERE {key} = %s",
                ["0", flagged[:200], row[0]],
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET {money} = NULL WHERE {key} = %s",
                [row[0]],
            )


def repair(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for prefix, key in (("", "id"), ("historical", "history_id")):
            _repair_table(
                cursor, table=f"competitions_{prefix}financingshare", key=key, money="amount",
                label="label",
            )  # fmt: skip
            _repair_table(
                cursor, table=f"competitions_{prefix}submission", key=key,
                money="requested_budget", label=None,
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("competitions", "0003_field_limits")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
