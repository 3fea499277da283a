"""What the frozen executable runs: exactly ``handoff``'s console-script entry point.

A script of its own (not ``desktop/handoff/__main__.py``) so the bundled
``handoff`` package is imported as a package, the same way an installed wheel is.
"""

from handoff.__main__ import main

main()
