"""A web process warms itself at start: the views are imported and the common templates compiled."""

import subprocess
import sys

PROBE = """
import sys
import zhicheng.wsgi
loaded = [m for m in sys.modules if m.startswith("zhicheng.") and m.endswith(".views")]
print(len(loaded))
"""


def test_loading_the_wsgi_application_imports_the_views_and_imports_every_view():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # one views module per app: none left for a first visitor to import
