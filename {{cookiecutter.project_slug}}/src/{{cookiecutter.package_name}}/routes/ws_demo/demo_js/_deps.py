"""A directory name cannot hold the dot of `demo.js`, so the path is given whole."""

prefix = "/ws-demo/demo.js"
