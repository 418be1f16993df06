"""Whether Sentry is active in this process: the one flag every facade call checks first.

A module attribute, so a disabled call costs one attribute lookup and a return.
"""

from __future__ import annotations

active: bool = False
#: set by init_sentry; the scrubber keeps emails and IPs only when this is True
send_pii: bool = False
