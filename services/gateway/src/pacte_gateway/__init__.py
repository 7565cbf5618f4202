"""pacte back-office web application: server-rendered pages (Jinja2 + htmx) over the five services' HTTP APIs."""
