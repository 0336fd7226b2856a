"""Save and come back later (issue 16): a draft kept for days behind an emailed single-use link and a check."""
