"""Server-rendered pages: Jinja2 templates, and static assets ready for a CDN."""
