"""Open hours: scheduled leader Q&A sessions, questions, votes, live answers and summaries."""
