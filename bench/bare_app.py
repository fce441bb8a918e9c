"""The smallest Chalice app that uses AWS: the cold-start yardstick for app.py.

The benchmark imports this module in a new process, as it does app.py, and compares the
import times and peak memory. It is never deployed.
"""

import boto3
from chalice import Chalice

app = Chalice(app_name="remi-access-benchmark-bare")


@app.route("/")
def index() -> dict[str, str]:
    return {"boto3": boto3.__version__}
