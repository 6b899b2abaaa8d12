"""The `events` command line (click): `main` and the group in commands.py, options, progress, the command modules.
On top of everything: may import any of events, gazetteer and schemas; nothing outside events.cli imports it."""
