"""Local stand-ins for the national services Khibra talks to (docs/integrations.md).

The real services cannot be reached from development and CI machines, so each connector's tests
start one of these on a free local port and point the connector's settings at it. Each can also
run by hand: `python -m khibra.testing.standins.<name> --port 8141`.
"""
