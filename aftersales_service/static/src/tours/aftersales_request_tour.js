import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An agent takes a call: opens After-Sales, creates a request for a known
// customer, types the phone and the fault, saves, and sees the reference.
registry.category("web_tour.tours").add("aftersales_request_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the After-Sales app",
            trigger: ".o_app[data-menu-xmlid='aftersales_service.menu_aftersales_root']",
            run: "click",
        },
        {
            content: "Switch to the list of requests",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Create a request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit 巡检测试客户",
        },
        {
            content: "Pick the customer",
            trigger: ".ui-menu-item > a:contains('巡检测试客户')",
            run: "click",
        },
        {
            content: "Contact name is filled from the customer",
            trigger: ".o_field_widget[name=contact_name] input:value('巡检测试客户')",
        },
        {
            content: "Type the caller's mobile",
            trigger: ".o_field_widget[name=contact_phone] input",
            run: "edit +86 139 0000 1111",
        },
        {
            content: "Describe the fault",
            trigger: ".o_field_widget[name=fault_description] textarea",
            run: "edit 热水器点火失败，显示E1故障码",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved with a reference from the sequence",
            trigger: ".o_form_saved .o_field_widget[name=name]:contains('SR')",
        },
        {
            content: "The county was worked out from the address",
            trigger: ".o_field_widget[name=county_id] input:value('南山区 (深圳市)')",
        },
    ],
});
