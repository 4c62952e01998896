"""Scheduled jobs: a registry, runs that happen once per job and day, and the scheduler process."""
