"""Claims back to the manufacturer (谁生产谁负责) on real stock and accounting:
completed warranty jobs with parts issued and used from a depot, grouped per
manufacturer, audited (rejected, corrected, resubmitted, approved), invoiced
to the manufacturer and settled once every old part has a disposition."""

from datetime import timedelta

from odoo import fields
from odoo.addons.aftersales_parts.tests.common import PartsCase
from odoo.addons.aftersales_service.tests.common import correct_figure, force_write
from odoo.addons.aftersales_service.tests.row_locks import row_locks
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestWarrantyClaim(PartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Claim = cls.env["aftersales.warranty.claim"]
        cls.unit = cls.env["product.product"].create(
            {
                "name": "格力 KFR-72LW 柜式空调",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 6000.0,
            }
        )
        cls.compressor.aftersales_fits_ids = [(4, cls.unit.product_tmpl_id.id)]
        cls.capacitor.aftersales_fits_ids = [(4, cls.unit.product_tmpl_id.id)]
        cls._stock(cls.compressor, cls.depot.lot_stock_id, 10)
        cls._stock(cls.capacitor, cls.depot.lot_stock_id, 20)
        cls.manufacturer.aftersales_claim_labour_rate = 80.0
        cls.other_manufacturer = cls.env["res.partner"].create(
            {
                "name": "美的集团股份有限公司",
                "is_company": True,
                "aftersales_claim_labour_rate": 60.0,
            }
        )

    # ------------------------------------------------------------------ helpers

    def _warranty_job(self, manufacturer=None, parts=None, hours=2.0, warranty="in", finish=True):
        """A job on a carded unit: parts issued from the depot, fitted (real
        moves valued at cost), labour hours, then finished."""
        self._serial = getattr(self, "_serial", 0) + 1
        lot = self.env["stock.lot"].create({"name": f"GREE-{self._serial:05d}", "product_id": self.unit.id})
        self.env["aftersales.warranty.card"].create(
            {
                "lot_id": lot.id,
                "partner_id": self.customer.id,
                "price": 6000.0,
                "invoice_date": fields.Date.context_today(self.env.user) - timedelta(days=60),
                "manufacturer_id": manufacturer.id if manufacturer else False,
            }
        )
        request = self._job(technician=self.other_technician, product_id=self.unit.id, lot_id=lot.id)
        force_write(request, {"warranty_state": warranty})
        for product, qty in parts or [(self.compressor, 1.0)]:
            self._line(request, product, qty=qty)
        request.action_issue_parts()
        request.action_confirm_parts_used()
        force_write(
            request, {"state": "in_progress", "work_done": "更换配件，试机正常", "labour_hours": hours}
        )
        if finish:
            request.action_done()
        return request

    def _history(self, claim):
        return [(h.from_state, h.to_state) for h in claim.history_ids]

    # ------------------------------------------------------------------ tests

    def test_claim_rejected_corrected_resubmitted_invoiced_settled(self):
        job_a = self._warranty_job(self.manufacturer, [(self.compressor, 1.0)], hours=2.5)
        job_b = self._warranty_job(self.manufacturer, [(self.capacitor, 2.0)], hours=1.0)
        self.assertEqual(job_a.warranty_manufacturer_id, self.manufacturer)
        # Parts at their stock cost (standard price), as valued by the consumption moves.
        self.assertAlmostEqual(job_a.parts_cost, 300.0)
        self.assertAlmostEqual(job_b.parts_cost, 24.0)

        claim = self.Claim.browse(self.Claim.with_user(self.keeper)._generate_claims().ids)
        self.assertEqual(len(claim), 1)
        self.assertEqual((claim.state, claim.manufacturer_id), ("draft", self.manufacturer))
        self.assertEqual(claim.line_ids.request_id, job_a | job_b)
        self.assertEqual(claim.labour_rate, 80.0)
        self.assertAlmostEqual(claim.parts_cost, 324.0)
        self.assertAlmostEqual(claim.labour_hours, 3.5)
        self.assertAlmostEqual(claim.labour_amount, 3.5 * 80.0)
        self.assertAlmostEqual(claim.amount_total, 324.0 + 280.0)
        self.assertEqual(job_a.warranty_claim_id, claim)

        claim.with_user(self.keeper).action_submit()
        self.assertEqual(claim.state, "submitted")

        # The auditor rejects: the reason is mandatory.
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.supervisor).action_reject()
        self.assertRegex(str(caught.exception), "Write why claim .* is rejected")
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.supervisor).write(
            {"reject_reason": "工时超标：电容更换标准工时1.5小时以内按1.5计"}
        )
        claim.with_user(self.supervisor).action_reject()
        self.assertEqual(claim.state, "rejected")

        # A claimed job's hours are a figure: nobody writes them directly; a
        # supervisor corrects them with a reason, on a claim back in draft.
        line_b = claim.line_ids.filtered(lambda ln: ln.request_id == job_b)
        reason = "按厂家标准工时更正"
        with self.assertRaises(UserError) as caught:
            correct_figure(line_b, "labour_hours", 1.5, reason, self.supervisor)
        self.assertRegex(str(caught.exception), "only be changed in draft")
        claim.with_user(self.keeper).action_reset()
        self.assertEqual(claim.state, "draft")
        for user in (self.keeper, self.supervisor):
            with self.assertRaises(UserError) as caught:
                line_b.with_user(user).labour_hours = 1.5
            self.assertRegex(
                str(caught.exception), "«Labour Hours» of Manufacturer Claim Job are set by the suite"
            )
        with self.assertRaises(AccessError):
            correct_figure(line_b, "labour_hours", 1.5, reason, self.keeper)
        correct_figure(line_b, "labour_hours", 1.5, reason, self.supervisor)
        self.assertAlmostEqual(line_b.labour_hours, 1.5)
        self.assertAlmostEqual(claim.labour_amount, 4.0 * 80.0)
        note = claim.message_ids[:1]
        self.assertEqual(note.author_id, self.supervisor.partner_id)
        for text in ("主管 赵刚", job_b.name, "from 1 to 1.5", reason):
            self.assertIn(text, note.body)
        claim.with_user(self.keeper).action_submit()
        self.assertFalse(claim.reject_reason, "a resubmitted claim starts a new audit")
        claim.with_user(self.supervisor).action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.approved_by_id, self.supervisor)

        # Every round stays in the history, with the rejection reason.
        self.assertEqual(
            self._history(claim),
            [
                ("draft", "submitted"),
                ("submitted", "rejected"),
                ("rejected", "draft"),
                ("draft", "submitted"),
                ("submitted", "approved"),
            ],
        )
        rejection = claim.history_ids.filtered(lambda h: h.to_state == "rejected")
        self.assertIn("工时超标", rejection.reason)
        self.assertEqual(rejection.user_id, self.supervisor)
        self.assertEqual(
            self.env["aftersales.warranty.claim.history"].search_count(
                [("claim_id", "=", claim.id), ("to_state", "=", "submitted")]
            ),
            2,
        )

        # Invoiced to the manufacturer: parts at cost + hours × agreed rate, no taxes.
        claim.with_user(self.supervisor).action_create_invoice()
        invoice = claim.invoice_id
        self.assertEqual(claim.state, "invoiced")
        self.assertEqual((invoice.move_type, invoice.partner_id), ("out_invoice", self.manufacturer))
        lines = invoice.invoice_line_ids
        parts_line = lines.filtered(
            lambda ln: ln.product_id == self.env.ref("aftersales_warranty.product_claim_parts")
        )
        labour_line = lines.filtered(
            lambda ln: ln.product_id == self.env.ref("aftersales_warranty.product_claim_labour")
        )
        self.assertEqual(len(lines), 2)
        self.assertAlmostEqual(parts_line.price_subtotal, 324.0)
        self.assertAlmostEqual(labour_line.quantity, 4.0)
        self.assertAlmostEqual(labour_line.price_unit, 80.0)
        self.assertAlmostEqual(labour_line.price_subtotal, 320.0)
        self.assertAlmostEqual(invoice.amount_tax, 0.0)
        self.assertAlmostEqual(invoice.amount_total, 644.0)
        self.assertAlmostEqual(invoice.amount_total, claim.amount_total)

        # Settling needs the invoice posted ...
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.supervisor).action_settle()
        self.assertRegex(str(caught.exception), "Post invoice .* before settling")
        invoice.action_post()

        # ... and every old part disposed of.
        old_parts = (job_a | job_b).old_part_ids
        self.assertEqual(len(old_parts), 2)
        self.assertEqual(set(old_parts.mapped("state")), {"pending"})
        first = min((job_a, job_b), key=lambda r: r.name)
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.supervisor).action_settle()
        self.assertRegex(str(caught.exception), f"old part .* of {first.name} is still To Recover")
        self.assertEqual(claim.state, "invoiced")

        old_parts.with_user(self.keeper).action_recover()
        old_a = job_a.old_part_ids
        old_a.with_user(self.keeper).action_write_off()
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.supervisor).action_settle()
        self.assertRegex(str(caught.exception), f"of {job_b.name} is still Recovered")
        job_b.old_part_ids.with_user(self.keeper).action_write_off()

        # The dispositions are real stock moves: customer → old-parts store → scrap.
        old_store = self.depot.aftersales_old_parts_location_id
        for part in old_parts:
            moves = part.move_ids.sorted("id")
            self.assertEqual(moves.mapped("state"), ["done", "done"])
            self.assertEqual(moves[0].location_dest_id, old_store)
            self.assertEqual(moves[1].location_id, old_store)
            self.assertEqual(moves[1].location_dest_id.usage, "inventory")

        claim.with_user(self.supervisor).action_settle()
        self.assertEqual(claim.state, "settled")
        self.assertTrue(claim.settled_date)
        self.assertEqual(self._history(claim)[-2:], [("approved", "invoiced"), ("invoiced", "settled")])

    def test_generation_groups_per_manufacturer_and_skips(self):
        gree_1 = self._warranty_job(self.manufacturer, hours=1.0)
        gree_2 = self._warranty_job(self.manufacturer, [(self.capacitor, 1.0)], hours=0.5)
        midea = self._warranty_job(self.other_manufacturer, hours=2.0)
        paid = self._warranty_job(self.manufacturer, warranty="out")
        unknown_maker = self._warranty_job(None)
        running = self._warranty_job(self.manufacturer, finish=False)

        claims = self.Claim._generate_claims(fields.Date.context_today(self.env.user))
        self.assertEqual(len(claims), 2)
        by_maker = {claim.manufacturer_id: claim for claim in claims}
        self.assertEqual(by_maker[self.manufacturer].line_ids.request_id, gree_1 | gree_2)
        self.assertEqual(by_maker[self.other_manufacturer].line_ids.request_id, midea)
        self.assertAlmostEqual(by_maker[self.other_manufacturer].labour_amount, 120.0)
        claimed = claims.line_ids.request_id
        for job in (paid, unknown_maker, running):
            self.assertNotIn(job, claimed)

        # Already-claimed jobs are skipped; a new job joins the manufacturer's draft claim.
        self.assertFalse(self.Claim._generate_claims())
        gree_3 = self._warranty_job(self.manufacturer, hours=1.0)
        self.assertEqual(self.Claim._generate_claims(), by_maker[self.manufacturer])
        self.assertIn(gree_3, by_maker[self.manufacturer].line_ids.request_id)

        # A submitted claim takes no more jobs: the next one opens a new draft.
        by_maker[self.manufacturer].action_submit()
        gree_4 = self._warranty_job(self.manufacturer, hours=1.0)
        fresh = self.Claim._generate_claims()
        self.assertNotIn(fresh, claims)
        self.assertEqual(fresh.line_ids.request_id, gree_4)

        # Cancelling a claim frees its jobs for the next run.
        by_maker[self.other_manufacturer].action_cancel()
        again = self.Claim._generate_claims()
        self.assertEqual(again.line_ids.request_id, midea)
        self.assertEqual(midea.warranty_claim_id, again)

    def test_generation_up_to_a_date(self):
        job = self._warranty_job(self.manufacturer)
        force_write(job, {"done_date": fields.Datetime.now() - timedelta(days=3)})
        recent = self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims(fields.Date.context_today(self.env.user) - timedelta(days=2))
        self.assertEqual(claim.line_ids.request_id, job)
        self.assertNotIn(recent, claim.line_ids.request_id)

    def test_generation_wizard(self):
        self._warranty_job(self.manufacturer)
        wizard = self.env["aftersales.warranty.claim.generate.wizard"].with_user(self.keeper).create({})
        action = wizard.action_generate()
        claim = self.Claim.search(action["domain"])
        self.assertEqual(claim.manufacturer_id, self.manufacturer)
        with self.assertRaises(UserError) as caught:
            wizard.action_generate()
        self.assertRegex(str(caught.exception), "No finished warranty job")

    def test_generation_query_count_does_not_grow_with_jobs(self):
        """One search for the jobs, one for the drafts, batch creates: the
        number of queries depends on the manufacturers, not on the jobs."""

        def count(jobs):
            for _i in range(jobs):
                self._warranty_job(self.manufacturer)
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.cr.sql_log_count
            claims = self.Claim._generate_claims()
            self.env.flush_all()
            self.assertEqual(len(claims.line_ids), jobs)
            claims.action_submit()  # keeps its jobs claimed: the next run starts a new claim
            self.env.flush_all()
            return self.cr.sql_log_count - before

        count(1)  # warm the caches (sequences, rules, views of the registry)
        self.assertEqual(count(2), count(6))

    def test_only_a_supervisor_approves_or_rejects(self):
        self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims()
        claim.with_user(self.keeper).action_submit()
        for user in (self.keeper, self.agent):
            with self.assertRaises(UserError) as caught:
                claim.with_user(user).action_approve()
            self.assertRegex(str(caught.exception), "Only a supervisor")
        claim.reject_reason = "资料不全"
        with self.assertRaises(UserError):
            claim.with_user(self.keeper).action_reject()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(self._history(claim), [("draft", "submitted")])
        # Approving twice is refused: the state is checked after the lock.
        claim.with_user(self.supervisor).action_approve()
        with self.assertRaises(UserError) as caught:
            claim.with_user(self.supervisor).action_approve()
        self.assertRegex(str(caught.exception), "it is Approved; this step needs it to be Submitted")
        self.assertEqual(len(claim.history_ids.filtered(lambda h: h.to_state == "approved")), 1)

    def test_a_job_is_on_one_active_claim(self):
        job = self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims()
        other = self.Claim.create({"manufacturer_id": self.manufacturer.id})
        with self.assertRaises(ValidationError) as caught:
            self.env["aftersales.warranty.claim.line"].create({"claim_id": other.id, "request_id": job.id})
        self.assertRegex(str(caught.exception), f"{job.name} is already on claim {claim.name}")
        claim.action_cancel()
        line = self.env["aftersales.warranty.claim.line"].create({"claim_id": other.id, "request_id": job.id})
        self.assertAlmostEqual(line.parts_cost, 300.0)
        self.assertAlmostEqual(line.labour_amount, 160.0)

    def test_only_finished_warranty_jobs_of_the_manufacturer(self):
        paid = self._warranty_job(self.manufacturer, warranty="out")
        midea = self._warranty_job(self.other_manufacturer)
        claim = self.Claim.create({"manufacturer_id": self.manufacturer.id})
        Line = self.env["aftersales.warranty.claim.line"]
        with self.assertRaises(ValidationError) as caught:
            Line.create({"claim_id": claim.id, "request_id": paid.id})
        self.assertRegex(str(caught.exception), "only finished jobs under warranty")
        with self.assertRaises(ValidationError) as caught:
            Line.create({"claim_id": claim.id, "request_id": midea.id})
        self.assertRegex(str(caught.exception), "was made by 美的集团")
        with self.assertRaises(UserError) as caught:
            claim.action_submit()
        self.assertRegex(str(caught.exception), "nothing to claim")

    def test_submitted_claim_is_locked_and_only_drafts_are_deleted(self):
        self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims()
        claim.action_submit()
        with self.assertRaises(UserError) as caught:
            claim.labour_rate = 200.0
        self.assertRegex(str(caught.exception), "only be changed in draft")
        with self.assertRaises(UserError):
            claim.line_ids.unlink()
        with self.assertRaises(UserError) as caught:
            claim.unlink()
        self.assertRegex(str(caught.exception), "only draft or cancelled claims can be deleted")

    def test_agent_reads_but_cannot_change(self):
        self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims()
        self.assertEqual(claim.with_user(self.agent).amount_total, claim.amount_total)
        with self.assertRaises(AccessError):
            claim.with_user(self.agent).write({"note": "x"})

    def test_claim_form_takes_the_agreed_rate_and_adds_jobs(self):
        job = self._warranty_job(self.manufacturer, hours=1.5)
        form = Form(self.Claim.with_user(self.keeper))
        form.manufacturer_id = self.manufacturer
        self.assertEqual(form.labour_rate, 80.0)
        with form.line_ids.new() as line:
            line.request_id = job
            self.assertAlmostEqual(line.labour_hours, 1.5)
        claim = form.save()
        self.assertAlmostEqual(claim.amount_total, 300.0 + 1.5 * 80.0)
        self.assertEqual(claim.history_ids.mapped("to_state"), [])

    def test_each_audit_step_locks_the_claim_once(self):
        """Reject, approve, invoice and settle lock the claim's row once each:
        the steps that lock it before their own checks tell the move so."""
        job = self._warranty_job(self.manufacturer)
        claim = self.Claim._generate_claims()
        claim.with_user(self.keeper).action_submit()
        claim.reject_reason = "资料不全"
        supervisor = claim.with_user(self.supervisor)
        steps = (
            supervisor.action_reject,
            claim.with_user(self.keeper).action_reset,
            claim.with_user(self.keeper).action_submit,
            supervisor.action_approve,
            supervisor.action_create_invoice,
        )
        for step in steps:
            with self.subTest(step=step.__name__), row_locks("aftersales_warranty_claim") as locks:
                step()
                self.assertEqual(len(locks), 1, locks)
        claim.invoice_id.action_post()
        job.old_part_ids.with_user(self.keeper).action_recover()
        job.old_part_ids.with_user(self.keeper).action_write_off()
        with row_locks("aftersales_warranty_claim") as locks:
            supervisor.action_settle()
        self.assertEqual(len(locks), 1, locks)
        self.assertEqual(claim.state, "settled")
