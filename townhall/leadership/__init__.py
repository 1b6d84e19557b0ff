"""Leaders corner, onboarding, coaching board, drafts for leaders and the leader inbox."""
