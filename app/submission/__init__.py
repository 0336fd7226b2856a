"""A person's answers held on the server while they answer (drafts), and sending them as a request.

Above the journey and the summary, beside delivery: it stores what the journey collects and leaves the outbox
rows that delivery sends.
"""
