"""Posting to ticket systems from the window: the Qt side of :mod:`handoff.delivery`.

* :mod:`.services` - :class:`~.services.DeliveryServices`, what the delivery windows
  share (profiles, this run's secrets, the outbox, the prefill cache, retry timing);
* :mod:`.outbox_runner` - the one place the app posts from, and its background retry;
* :mod:`.outbox_panel` - File -> Outbox;
* :mod:`.post_flow` and :mod:`.plan_view` - Review -> "Post to ticket…";
* :mod:`.connections_dialog`, :mod:`.connection_editor` and :mod:`.mapping_box` -
  Settings -> Ticket systems.

The main window imports these on first use (httpx and the connectors take ~0.5 s to
load), so this package's ``__init__`` imports nothing.
"""
