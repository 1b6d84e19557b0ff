"""Working Out Loud: weekly check-ins, the team round and reminders."""
