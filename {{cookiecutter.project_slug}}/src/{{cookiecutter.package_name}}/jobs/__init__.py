"""Background jobs, the example every task copies: a CSV export of your items on Celery,
recorded in the jobs table, started and followed through the API.
"""
