import { registry } from "@web/core/registry";

// A technician's day on the phone (390×844): today's jobs, one job from
// "Start Travel" to the customer's signature and "Finish". Relies on the data
// of tests/test_technician_tour.py.
const JOB_CARD = ".o_kanban_record:not(.o_kanban_ghost):contains('空调外机异响待检修')";

registry.category("web_tour.tours").add("aftersales_technician_tour", {
    url: "/odoo/action-aftersales_service.action_aftersales_request_technician_today",
    steps: () => [
        {
            content: "Today's job is listed, with a call link",
            trigger: `${JOB_CARD} a.o_aftersales_call[href^='tel:138']`,
        },
        {
            content: "... and a navigation link opening the map in a new tab",
            trigger: `${JOB_CARD} a.o_aftersales_navigate[target=_blank][href^='https://uri.amap.com/']`,
        },
        {
            content: "Tomorrow's job is not among today's",
            trigger: ".o_kanban_renderer:not(:has(.o_kanban_record:contains('明天的工单')))",
        },
        {
            content: "Open the job",
            trigger: `${JOB_CARD} .o_aftersales_time_window`,
            run: "click",
        },
        {
            content: "Set off",
            trigger: ".o_form_view button[name=action_start_travel]",
            run: "click",
        },
        {
            content: "Travel started: only the check-in is left before the work",
            trigger: ".o_form_view:not(:has(button[name=action_start_travel])) .o_field_widget[name=travel_start_date]",
        },
        {
            content: "Arrive: check in (headless Chromium has no position: checks in without it)",
            trigger: ".o_form_view .o_aftersales_checkin_button.btn-primary:enabled",
            run: "click",
        },
        {
            content: "Checked in: the job is in progress",
            trigger: ".o_form_view button[name=action_done]",
            timeout: 20000,
        },
        {
            trigger: ".o_form_view .o_field_widget[name=check_in_date]",
        },
        {
            content: "Record the work done",
            trigger: ".o_field_widget[name=work_done] textarea",
            run: "edit 更换外机风扇电机，试机正常",
        },
        {
            content: "Open the signature pad",
            trigger: ".o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "The customer signs on the screen",
            trigger: ".modal canvas.o_web_sign_signature",
            async run(helpers) {
                await helpers.drag_and_drop(".modal canvas.o_web_sign_signature", {
                    position: { x: 220, y: 60 },
                    relative: true,
                });
            },
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt the signature",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "The signature is shown on the job",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=signature] img.o_signature",
        },
        {
            content: "Type the signer's name",
            trigger: ".o_field_widget[name=signed_by] input",
            run: "edit 陈先生",
        },
        {
            content: "Finish the job",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "Done: checked out, nothing left to do",
            trigger: ".o_form_view:not(:has(button[name=action_done])) .o_field_widget[name=check_out_date]",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});

// The phone gives its position: the check-in records it.
registry.category("web_tour.tours").add("aftersales_technician_checkin_position_tour", {
    url: "/odoo/action-aftersales_service.action_aftersales_request_technician_today",
    steps: () => [
        {
            content: "Open today's job",
            trigger: `${JOB_CARD} .o_aftersales_time_window`,
            run: "click",
        },
        {
            content: "The phone knows where it is (a stand-in for the GPS)",
            trigger: ".o_form_view .o_aftersales_checkin_button:enabled",
            run() {
                Object.defineProperty(navigator, "geolocation", {
                    configurable: true,
                    value: {
                        getCurrentPosition(success) {
                            success({ coords: { latitude: 22.5405, longitude: 113.9345 } });
                        },
                    },
                });
            },
        },
        {
            content: "Arrive without pressing Start Travel first",
            trigger: ".o_form_view .o_aftersales_checkin_button:enabled",
            run: "click",
        },
        {
            content: "Checked in: the job is in progress",
            trigger: ".o_form_view button[name=action_done]",
            timeout: 20000,
        },
        {
            trigger: ".o_form_view .o_field_widget[name=check_in_date]",
        },
    ],
});
