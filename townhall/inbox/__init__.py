"""The leader inbox: what needs a leader now, ordered by urgency; snoozes and the daily summary."""
