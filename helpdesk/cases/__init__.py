"""Support cases: comments, attachments and their history."""
