"""The service's URLs as a tree of files: each directory a path segment, each file a method.

See filesystem_routing.py for the convention and the README for the tree.
"""
