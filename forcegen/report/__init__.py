"""What a run folder shows people: a self-contained HTML report and an Excel workbook."""

from forcegen.report.html import Verdict, render
from forcegen.report.workbook import model_sheet, replan_sheets, write_workbook

__all__ = ["Verdict", "model_sheet", "render", "replan_sheets", "write_workbook"]
