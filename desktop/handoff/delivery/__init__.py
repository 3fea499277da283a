"""Posting a handoff to a ticket system, reliably and offline-first (no Qt here).

See docs/delivery.md.  ``connector`` defines what every ticket system offers,
``connectors/`` implements it per system, ``plan`` turns a handoff into steps,
``outbox`` keeps them on disk until they are done, ``poster`` does them without
ever duplicating one, ``connections`` keeps profiles on disk and secrets in the OS
keyring, and ``commands`` is the command line.
"""
