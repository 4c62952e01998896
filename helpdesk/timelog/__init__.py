"""Time entries, their pricing and classification, and the technician's timer."""
