"""Patients (synthetic demonstration data only) and the services that change them."""
