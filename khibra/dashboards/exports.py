"""Every dashboard table as an export kind (khibra/exports/kinds.py), under the table's name: the
same rows as the page, with the same access rules. Imported by DashboardsConfig.ready()."""

from khibra.exports.kinds import ExportKind, register

from . import access
from .tables import ORGANIZATION, PROVIDER, SECTOR, TABLES, Table, build

CHECKS = {
    ORGANIZATION: access.check_nonprofit_export,
    PROVIDER: access.check_provider_export,
    SECTOR: access.check_sector_export,
}


def _rows(table: Table):
    # A dashboard table is small (statuses, months, fields): built whole, then handed out.
    def rows(organization, params):
        return iter(table.rows(build(table.scope, organization)))

    return rows


def _count(table: Table):
    return lambda organization, params: len(table.rows(build(table.scope, organization)))


for _table in TABLES.values():
    register(
        ExportKind(
            name=_table.name,
            label=_table.title,
            columns=_table.columns,
            check=CHECKS[_table.scope],
            count_rows=_count(_table),
            iter_rows=_rows(_table),
            platform=_table.scope == SECTOR,
        )
    )
