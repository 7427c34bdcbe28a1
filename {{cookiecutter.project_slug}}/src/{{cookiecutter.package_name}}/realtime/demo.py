"""The demo page and its script, read once at import, and the policy that confines them."""

from html import escape
from pathlib import Path
from string import Template

from ..identity import CREDENTIAL_LABEL, CREDENTIAL_SUBPROTOCOL

HERE = Path(__file__).parent
# The credential a socket's handshake carries, where the service asks for one.
CREDENTIAL_FIELD = (
    f'    <label>{escape(CREDENTIAL_LABEL)} <input id="credential" type="password" required>'
    "</label>\n"
    if CREDENTIAL_LABEL
    else ""
)
DEMO_PAGE = Template((HERE / "demo.html").read_text(encoding="utf-8")).substitute(
    subprotocol=f' data-subprotocol="{CREDENTIAL_SUBPROTOCOL}"' if CREDENTIAL_SUBPROTOCOL else "",
    credential=CREDENTIAL_FIELD,
)
DEMO_SCRIPT = (HERE / "demo.js").read_text(encoding="utf-8")
# The page's own script and sockets to this host; nothing inline, nothing from elsewhere.
DEMO_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
