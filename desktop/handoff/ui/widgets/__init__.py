"""Small reusable widgets and helpers the wizard pages are built from.

Nothing here knows which part of the handoff it edits: pages pass in getters,
column descriptions and callbacks, so the same record table edits steps,
blockers and attachments.
"""
