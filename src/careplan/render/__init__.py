"""Rendering: the only code that knows about pages."""

from careplan import lazyimport

lazyimport.install()  # every import of ReportLab is in this package: what few handouts use waits for use
