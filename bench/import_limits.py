"""Time and peak memory of reading two hostile legacy files (issue #21), each in a fresh process.

    .venv/bin/python bench/import_limits.py [--timeout SECONDS]

- nested: an article page whose body holds 200,000 nested <div>s (1.2 MB);
- big: a 64 MB article page (a real page's paragraphs, repeated);
- within: the same page at 4.5 MB, under the default limit (about 40,000 paragraphs).

Each file is read as ``manage.py import_legacy`` reads it (``news.legacy.read_legacy_file`` with
the limits from the settings: ``IMPORT_MAX_FILE_MB``, ``IMPORT_MAX_DEPTH``). A run that passes
the timeout is stopped and reported as such. Prints wall time, peak resident memory and the
outcome (the article's title, or the reason the file was refused).
"""

import argparse
import functools
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAD = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试</title></head><body>'
    "<div>您当前位置：首页 &gt; 重要发布</div><h1>压力测试文章</h1>"
    "<div>发布时间：2021-03-05 09:08</div>"
)
TAIL = "<div>来源：测试</div></body></html>"
READER = (
    "import sys, time, django; django.setup()\n"
    "from pathlib import Path\n"
    "from news.legacy import LegacyParseError, read_legacy_file\n"
    "started = time.perf_counter()\n"
    "try:\n"
    "    outcome = 'read: ' + read_legacy_file(Path(sys.argv[1])).title\n"
    "except LegacyParseError as error:\n"
    "    outcome = f'refused: {error}'\n"
    "import resource\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
    "print(f'{peak} ({time.perf_counter() - started:.2f} s reading) {outcome}')\n"
)


def nested_file(folder: Path, depth: int = 200_000) -> Path:
    path = folder / "nested.html"
    path.write_text(HEAD + "<div>" * depth + "<p>正文</p>" + "</div>" * depth + TAIL)
    return path


def big_file(folder: Path, megabytes: float = 64, name: str = "big.html") -> Path:
    path = folder / name
    paragraph = "<p>　　本网讯 江山市人大常委会组织代表对民生实事候选项目进行票决。</p>\n"
    count = int(megabytes * 1024 * 1024) // len(paragraph.encode())
    path.write_text(HEAD + paragraph * count + TAIL)
    return path


def measure(path: Path, timeout: float) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", READER, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
        lines = output.strip().splitlines()
        peak, _, outcome = lines[-1].partition(" ") if lines else ("?", "", "no output")
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        outcome = f"stopped after {timeout:g} s (not finished)"
        # A stopped run cannot report its peak: the largest of the children waited for so far
        # (KiB on Linux); the runs go from the smaller file to the larger.
        peak = str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
    seconds = time.monotonic() - started
    size = path.stat().st_size / 1024 / 1024
    return f"{path.name:<12} {size:6.1f} MB  {seconds:6.1f} s  peak {peak:>5} MiB  {outcome[:90]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        within = functools.partial(big_file, megabytes=4.5, name="within.html")
        for make in (nested_file, big_file, within):
            path = make(Path(folder))
            print(measure(path, args.timeout), flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
