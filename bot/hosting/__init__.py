"""Hosting: the WSGI entry point, gunicorn and Socket Mode, background work, replicas."""
