import { registry } from "@web/core/registry";

// A customer logs in to the portal, opens a new service request, fills in
// the product, serial, fault, address, phone and preferred time, submits it
// and lands on the request page with its reference.
registry.category("web_tour.tours").add("aftersales_portal_request_tour", {
    url: "/my/aftersales",
    steps: () => [
        {
            content: "Open the new request form",
            trigger: "a.o_aftersales_new_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the product",
            trigger: "form.o_aftersales_request_form select[name=product_id]",
            run: "selectByLabel 巡检热水器",
        },
        {
            content: "Type the serial number",
            trigger: "form.o_aftersales_request_form input[name=serial]",
            run: "edit TOUR-SN-1",
        },
        {
            content: "Describe the fault",
            trigger: "form.o_aftersales_request_form textarea[name=fault_description]",
            run: "edit 热水器打不着火，显示E1",
        },
        {
            content: "Give the address",
            trigger: "form.o_aftersales_request_form input[name=address]",
            run: "edit 广东省深圳市南山区科技园南区高新南七道",
        },
        {
            content: "Give the phone",
            trigger: "form.o_aftersales_request_form input[name=contact_phone]",
            run: "edit 139 0000 2222",
        },
        {
            content: "Pick a preferred time",
            trigger: "form.o_aftersales_request_form input[name=preferred_time]",
            // The tour's "edit" cannot type into a datetime-local input.
            run() {
                const input = document.querySelector(
                    "form.o_aftersales_request_form input[name=preferred_time]"
                );
                input.value = "2030-06-01T14:00";
                input.dispatchEvent(new Event("input", { bubbles: true }));
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Submit",
            trigger: "form.o_aftersales_request_form button.o_aftersales_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The request was received",
            trigger: ".o_aftersales_submitted",
        },
        {
            content: "Its reference is shown",
            trigger: ".o_aftersales_portal_request .o_aftersales_ref:contains('SR')",
        },
        {
            content: "It is listed with my requests",
            trigger: ".o_portal_submenu a[href='/my/aftersales']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "One request in the list",
            trigger: "tr.o_aftersales_portal_row:contains('巡检热水器')",
        },
    ],
});
