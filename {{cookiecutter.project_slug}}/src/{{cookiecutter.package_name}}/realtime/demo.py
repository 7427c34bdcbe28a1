"""The demo page and its script, read once at import, and the policy that confines them."""

from pathlib import Path

HERE = Path(__file__).parent
DEMO_PAGE = (HERE / "demo.html").read_text(encoding="utf-8")
DEMO_SCRIPT = (HERE / "demo.js").read_text(encoding="utf-8")
# The page's own script and sockets to this host; nothing inline, nothing from elsewhere.
DEMO_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
