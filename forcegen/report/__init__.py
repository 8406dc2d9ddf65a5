"""What a run folder shows people: a self-contained HTML report and an Excel workbook."""

from forcegen.report.html import Verdict, render
from forcegen.report.workbook import write_workbook

__all__ = ["Verdict", "render", "write_workbook"]
