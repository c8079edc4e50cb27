"""spinepath: clinical pathway and decision support for spinal tumours and MSCC."""

__version__ = "0.2.0"
