"""The annotation screen in the admin and what it needs: agreement figures and the map picture."""
