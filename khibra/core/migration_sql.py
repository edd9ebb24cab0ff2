"""Raw SQL for migrations that only one database engine needs (full-text columns, triggers)."""


def on_vendor(statements: dict[str, list[str]]):
    """A RunPython function that runs the statements listed for the migrating connection's
    engine ("postgresql", "sqlite") and nothing on the others."""

    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
