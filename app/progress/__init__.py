"""Issue 20: staff record progress through signed links, reminders before deadlines, the person's progress page."""
