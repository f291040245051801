"""Business rules as verbs, one package per domain.

``tasks`` (workflow, planning, evidence, lists), ``conclusions`` (reading a conclusion into findings and
recommendations), ``appraisals`` (records, scores, the appraisal tree, frameworks), ``reports`` (counts as of a
day, the dashboard, the official documents), ``organisation`` (accounts, agencies, imports). The modules left at
this level serve them all: ``errors``, ``audit``, ``deadlines`` (today and time status), ``reference`` (settings
and reference data), ``demo``.
"""
