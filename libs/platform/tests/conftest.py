import sys
from pathlib import Path

# The delivery tests share `helpers.py` and run `slow_consumer.py` as a separate process.
sys.path.insert(0, str(Path(__file__).parent))

