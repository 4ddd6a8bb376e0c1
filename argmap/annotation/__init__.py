"""The annotation screen in the admin and what it needs: its views, routes and agreement figures."""
