"""Evidence handling without Qt: event logs, VPN client logs, network tests, redaction, images.

Each module here turns something an engineer collects at a client site into an
attachment the next technician can read on any OS, and says clearly what it
could not read instead of failing.
"""
