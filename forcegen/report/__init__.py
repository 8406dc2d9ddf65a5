"""What a run folder shows people: a self-contained HTML report and an Excel workbook."""

from forcegen.report.html import REDEPLOYED, Verdict, redeployments_said, render, shortfall_ahead
from forcegen.report.workbook import model_sheet, replan_sheets, write_workbook

__all__ = [
    "REDEPLOYED",
    "Verdict",
    "model_sheet",
    "redeployments_said",
    "render",
    "replan_sheets",
    "shortfall_ahead",
    "write_workbook",
]
