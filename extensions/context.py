"""The Sphinx application of a build environment.

Sphinx 9 deprecates ``BuildEnvironment.app``, but sphinx-needs' ``add_need`` and
the output paths still need the application where only the environment is at
hand (in directives and in functions shared with the views).
"""

from __future__ import annotations

import weakref

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

_apps: weakref.WeakKeyDictionary[BuildEnvironment, Sphinx] = (
    weakref.WeakKeyDictionary()
)


def remember_app(app: Sphinx) -> None:
    """Record the application of this build; connected to ``builder-inited``."""
    _apps[app.env] = app


def app_of(env: BuildEnvironment) -> Sphinx:
    """Return the application that runs the build of *env*."""
    return _apps[env]
