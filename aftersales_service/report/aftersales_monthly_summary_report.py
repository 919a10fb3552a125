from odoo import api, models


class ReportAftersalesMonthlySummary(models.AbstractModel):
    _name = "report.aftersales_service.report_monthly_summary"
    _description = "Monthly After-Sales Summary Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["aftersales.monthly.summary.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "aftersales.monthly.summary.wizard",
            "docs": docs,
            "summaries": {doc.id: doc._summary_data() for doc in docs},
        }
