"""Django project glue: settings, URLs, the one NinjaAPI, base templates."""
