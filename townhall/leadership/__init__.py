"""Leaders corner, onboarding, coaching board and drafts for leaders."""
