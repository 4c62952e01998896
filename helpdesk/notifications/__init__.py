"""E-mail through an outbox: stored with the event that causes it, sent later by a job, never lost."""
