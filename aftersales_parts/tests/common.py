from contextlib import contextmanager

from odoo.addons.aftersales_service.tests.common import AftersalesCase


class PartsCase(AftersalesCase):
    """Three depots (Guangzhou central, Nanshan, Haidian), an air conditioner
    and its parts, a keeper and a supervisor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        county = cls.env.ref
        Warehouse = cls.env["stock.warehouse"]
        # The demo network covers the same counties: the tests work on their own depots.
        Warehouse.search([("aftersales_is_depot", "=", True)]).aftersales_is_depot = False
        cls.tianhe = county("aftersales_service.county_440106")
        cls.central = Warehouse.create(
            {
                "name": "广州中心库",
                "code": "TGZ",
                "aftersales_is_depot": True,
                "aftersales_level": "central",
                "aftersales_county_id": cls.tianhe.id,
            }
        )
        cls.depot = Warehouse.create(
            {
                "name": "南山备件点",
                "code": "TNS",
                "aftersales_is_depot": True,
                "aftersales_level": "county",
                "aftersales_parent_id": cls.central.id,
                "aftersales_county_id": cls.nanshan.id,
                "aftersales_county_ids": [(6, 0, cls.nanshan.ids)],
            }
        )
        cls.beijing = Warehouse.create(
            {
                "name": "海淀备件点",
                "code": "THD",
                "aftersales_is_depot": True,
                "aftersales_level": "county",
                "aftersales_parent_id": cls.central.id,
                "aftersales_county_id": cls.haidian.id,
                "aftersales_county_ids": [(6, 0, cls.haidian.ids)],
            }
        )
        cls.company.aftersales_central_depot_id = cls.central
        cls.aircon = cls.env["product.product"].create({"name": "格力 KFR-35GW", "type": "consu"})
        cls.fridge = cls.env["product.product"].create({"name": "海尔 BCD-470", "type": "consu"})
        cls.manufacturer = cls.env["res.partner"].create(
            {"name": "格力电器（珠海）有限公司", "is_company": True}
        )
        cls.compressor = cls._part("空调压缩机", standard_price=300.0, list_price=450.0, part_class="special")
        cls.capacitor = cls._part("空调电容 35μF", standard_price=12.0, list_price=30.0, part_class="wear")
        cls.keeper = cls._user("as_keeper", "aftersales_parts.group_aftersales_depot_keeper", "配件专员 周敏")
        # A keeper sees only the transfers and old parts of the depots they keep.
        (cls.central | cls.depot | cls.beijing).aftersales_keeper_id = cls.keeper
        cls.supervisor = cls._user(
            "as_supervisor", "aftersales_service.group_aftersales_supervisor", "主管 赵刚"
        )

    @classmethod
    def _user(cls, login, group, name):
        from odoo.tests import new_test_user

        return new_test_user(cls.env, login, groups=group, name=name)

    @classmethod
    def _part(cls, name, standard_price, list_price, part_class="wear", fits=None):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "standard_price": standard_price,
                "list_price": list_price,
                "taxes_id": [(5, 0, 0)],
                "aftersales_is_spare_part": True,
                "aftersales_part_class": part_class,
                "aftersales_fits_ids": [(6, 0, (fits or cls.aircon).product_tmpl_id.ids)],
            }
        )

    @classmethod
    def _stock(cls, product, location, quantity, owner=None):
        """Real stock through an inventory adjustment (a done move)."""
        quant = (
            cls.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": product.id,
                    "location_id": location.id,
                    "inventory_quantity": quantity,
                    "owner_id": owner.id if owner else False,
                }
            )
        )
        quant.action_apply_inventory()
        return quant

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, inside a savepoint rolled back on error:
        what the refused call wrote is gone, as for a real RPC call."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def _qty(self, product, location, owner=None):
        domain = [("product_id", "=", product.id), ("location_id", "child_of", location.id)]
        if owner is not None:
            domain.append(("owner_id", "=", owner.id if owner else False))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def _job(self, technician=None, **overrides):
        vals = {"county_id": self.nanshan.id, "product_id": self.aircon.id}
        if technician:
            vals["technician_id"] = technician.id
        vals.update(overrides)
        return self._new_request(**vals)

    def _line(self, request, product=None, qty=1.0, **vals):
        return self.env["aftersales.part.line"].create(
            {
                "request_id": request.id,
                "product_id": (product or self.compressor).id,
                "planned_qty": qty,
                **vals,
            }
        )
