"""The admin at /admin: the template's own tables, behind the pages' sign-in and the roles'
permissions.
"""
