"""WTForms classes for every page of the journey. Every message goes through ``lazy_gettext``."""
