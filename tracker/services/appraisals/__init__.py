"""Appraisals: records and scores, saved shortcomings and recommendations, the appraisal tree, frameworks."""
