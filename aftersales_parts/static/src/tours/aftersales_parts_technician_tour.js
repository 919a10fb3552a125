import { registry } from "@web/core/registry";

// On the phone (390×844) the technician records what was fitted: one of the
// two capacitors issued, then confirms. Relies on the data of
// tests/test_parts_technician_tour.py.
const PARTS = ".o_field_widget[name=part_line_ids]";

registry.category("web_tour.tours").add("aftersales_parts_technician_tour", {
    steps: () => [
        {
            content: "The issued part is on the job",
            trigger: `${PARTS} .o_kanban_record:contains('空调电容 35μF')`,
            run: "click",
        },
        {
            content: "Only one of the two was used",
            trigger: ".modal .o_field_widget[name=used_qty] input",
            run: "edit 1",
        },
        {
            content: "Keep it",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm the parts used",
            trigger: ".o_form_view:not(:has(.modal)) button[name=action_confirm_parts_used]",
            run: "click",
        },
        {
            content: "The unused capacitor waits to go back to the depot",
            trigger: `${PARTS} .o_kanban_record:contains('To Return')`,
        },
    ],
});
