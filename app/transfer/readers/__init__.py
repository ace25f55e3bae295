"""Readers: a file or an API body into checked rows and row errors, writing nothing.

cells.py holds what they share; measurements.py reads the template spreadsheet (and the cell
rules Open SDG and the API reuse), open_sdg.py an Open SDG CSV, api.py the JSON API's items,
interventions.py an intervention spreadsheet. Planning (``app.transfer.planning``) compares what
they read with the stored data; applying (``app.transfer.applying``) writes it.
"""
