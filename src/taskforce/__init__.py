"""Taskforce: the operating platform for multidisciplinary anti-human-trafficking task forces."""
