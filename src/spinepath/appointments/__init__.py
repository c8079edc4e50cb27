"""Appointments: clinic slots at a site, booking by urgency, clinic lists, cancel and rebook."""
