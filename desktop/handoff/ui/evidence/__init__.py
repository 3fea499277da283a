"""The attachments page's evidence tools: capture, event logs, VPN logs, network tests, redaction."""
