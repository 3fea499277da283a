"""The Qt user interface: the only package that imports PySide6.

Widgets render the :class:`~handoff.model.Handoff` held by a
:class:`~handoff.ui.session.DraftSession` and write user input back into it;
they own no business state and do no I/O themselves.
"""
