"""The comparison figure in the README: sqlglot parsing the same generated
folder (run `cargo bench --bench check` first, which writes target/bench-corpus).

    pip install sqlglot
    python3 benches/sqlglot_parse.py target/bench-corpus
"""
import sys, time, pathlib, logging, sqlglot
logging.disable(logging.CRITICAL)
from sqlglot.errors import ErrorLevel
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.sql"))
limit = int(sys.argv[2]) if len(sys.argv) > 2 else len(files)
files = files[:limit]
start = time.time(); failed = 0; total = 0
for f in files:
    text = f.read_text(encoding="utf-8")
    total += len(text.encode())
    try:
        sqlglot.parse(text, read="oracle", error_level=ErrorLevel.IGNORE)
    except Exception:
        failed += 1
el = time.time() - start
print(f"sqlglot {sqlglot.__version__}: {len(files)} files, {total/1e6:.1f} MB, {el:.1f} s, {total/1e6/el:.2f} MB/s, {failed} files raised")
