{%- if "pages_sign_in" in features -%}
"""What the pages show the caller: the items the signed-in caller may see."""
{%- else -%}
"""What the pages show the caller: every item, as the API asks for no credentials."""
{%- endif %}

from typing import Annotated

from fastapi import Depends

{% if "pages_sign_in" not in features -%}
from ..items.dependencies import visible_items as page_items
{% endif -%}
from ..items.service import Visible
{%- if "pages_sign_in" in features %}
from .sign_in import signed_in_items as page_items
{%- endif %}

PageItems = Annotated[Visible, Depends(page_items)]
