"""segkit's own behaviour, shipped as plugins so the plugin API is the one it uses."""
