"""The attachments page's evidence tools.

Capture, event logs, VPN logs, network tests and redaction: each module offers an
``install(page, ...)`` that adds its actions to the attachments page.
"""
