"""The business calendar: opening hours, holidays and business time, shared by routing, the IVR and SLAs."""
