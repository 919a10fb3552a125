import { registry } from "@web/core/registry";

// One workshop job from reception to the posted invoice, a tour per person
// (tests/test_workshop_tour.py starts each on the job's form, as its user).
// Texts are matched by field names and values, never by labels: the users
// may work in Chinese.

const tours = registry.category("web_tour.tours");

function tab(name) {
    return {
        content: `Open the ${name} page`,
        trigger: `.o_notebook_headers a[name=${name}]`,
        run: "click",
    };
}

function button(name, content) {
    return { content, trigger: `.o_form_view button[name=${name}]`, run: "click" };
}

// The customer signs on the tablet: the name, the automatic signature, Adopt & Sign.
function signField(field, name) {
    return [
        {
            content: "Open the signature pad",
            trigger: `.o_field_widget[name=${field}] .o_signature`,
            run: "click",
        },
        {
            content: `Signed automatically with the name ${name} typed on the form`,
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt and sign",
            trigger: ".modal .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "The signature is on the form",
            trigger: `.o_field_widget[name=${field}] img.o_signature`,
        },
    ];
}

function save() {
    return [
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { trigger: ".o_form_saved" },
    ];
}

function addLine(kind, quantity, product) {
    const steps = [
        {
            content: `Add a ${kind} line`,
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The new line is ready (its defaults came back)",
            trigger:
                ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=quantity] input:value(1.00)",
        },
    ];
    if (kind === "labour") {
        // A new line is a part; labour is the first kind of the list.
        steps.push(
            {
                content: "Open the kinds",
                trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=kind] .o_select_menu_toggler",
                run: "click",
            },
            {
                content: "Labour",
                trigger: ".o_select_menu_menu [data-choice-index='0']",
                run: "click",
            }
        );
    }
    if (product) {
        steps.push(
            {
                content: "Into the part",
                trigger: ".o_field_widget[name=line_ids] .o_selected_row td[name=product_id]",
                run: "click",
            },
            {
                content: `Part: ${product}`,
                trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=product_id] input",
                run: `edit ${product}`,
            },
            {
                content: `Pick ${product}`,
                trigger: `.o-autocomplete--dropdown-menu .ui-menu-item a:contains(${product})`,
                run: "click",
            }
        );
    }
    steps.push({
        content: `Quantity ${quantity}`,
        trigger: ".o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=quantity] input",
        run: `edit ${quantity}`,
    });
    return steps;
}

// The advisor, on the tablet: the reception record signed, the estimate
// written (labour and a compressor) and sent.
tours.add("aftersales_workshop_advisor_estimate_tour", {
    steps: () => [
        tab("reception"),
        {
            content: "The customer's own words",
            trigger: ".o_field_widget[name=customer_words] textarea",
            run: "edit 空调不制冷，外机不转",
        },
        {
            content: "Who signs",
            trigger: ".o_field_widget[name=reception_signed_by] input",
            run: "edit Chen",
        },
        ...signField("reception_signature", "Chen"),
        ...save(),
        button("action_sign_reception", "The reception record is signed"),
        { trigger: ".o_form_view button[name=action_send_estimate]" },
        tab("estimate"),
        {
            content: "The customer leaves the old parts",
            trigger: ".o_field_widget[name=old_parts_choice] input[data-value=leave]",
            run: "click",
        },
        ...addLine("labour", 2),
        ...addLine("part", 1, "巡检压缩机"),
        ...save(),
        button("action_send_estimate", "Send the estimate"),
        {
            content: "The job waits for the customer's consent",
            trigger: ".o_form_view button[name=action_sign_at_counter]",
        },
    ],
});

// The customer signs the quotation in the portal and accepts it.
tours.add("aftersales_workshop_portal_sign_tour", {
    steps: () => [
        {
            content: "Wait for the page",
            trigger: "body[is-ready=true]",
        },
        {
            content: "Accept and sign",
            trigger: "#sale_order_sidebar_button a[data-bs-target='#modalaccept']",
            run: "click",
        },
        {
            content: "The customer's name",
            trigger: ".modal .o_web_sign_name_and_signature input",
            run: "edit Chen",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quotation is confirmed",
            trigger: "#quote_content",
        },
    ],
});

// A technician finds a worn capacitor: an added item, proposed to the
// customer, who consents on the phone (recorded by the advisor).
tours.add("aftersales_workshop_added_item_tour", {
    steps: () => [
        tab("estimate"),
        ...addLine("part", 1, "巡检电容"),
        ...save(),
        button("action_send_amendment", "Propose the added item"),
        {
            content: "The added item waits for the customer",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:last .o_field_widget[name=consent_state]",
        },
        button("action_record_phone_consent", "The customer consents on the phone"),
        {
            content: "Who consented",
            trigger: ".modal .o_field_widget[name=signed_by] input",
            run: "edit 陈先生",
        },
        {
            content: "The customer's words",
            trigger: ".modal .o_field_widget[name=words] textarea",
            run: "edit 电容一起换，费用我来出",
        },
        {
            content: "Record the consent",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        { trigger: "body:not(:has(.modal))" },
    ],
});

// A check (self-check by the technician, final check by the inspector):
// every item passes or fails, recorded; back on the job.
function check(openButton, result, note) {
    return [
        button(openButton, "Open the check"),
        {
            content: "Edit the checklist item",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:first td[name=name]",
            run: "click",
        },
        {
            content: `The item: ${result}`,
            trigger: `.o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=result] .o_selection_badge[value='"${result}"']`,
            run: "click",
        },
        ...(note
            ? [
                  {
                      content: "What must be reworked",
                      trigger: ".o_field_widget[name=note] textarea",
                      run: `edit ${note}`,
                  },
              ]
            : []),
        ...save(),
        button("action_record", "Record the check"),
        { content: "Recorded", trigger: ".o_form_view:not(:has(button[name=action_record]))" },
        {
            content: "Back to the job",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
    ];
}

tours.add("aftersales_workshop_self_check_tour", {
    steps: () => [
        ...check("action_self_check", "pass"),
        button("action_submit_qc", "Submit for the final check"),
        {
            content: "Submitted to the final check",
            trigger: ".o_form_view:not(:has(button[name=action_submit_qc]))",
        },
    ],
});

tours.add("aftersales_workshop_final_check_fail_tour", {
    steps: () => [
        ...check("action_final_check", "fail", "试机 30 分钟后仍不制冷，返工"),
        { content: "Back in work", trigger: ".o_form_view button[name=action_submit_qc]" },
    ],
});

tours.add("aftersales_workshop_final_check_pass_tour", {
    steps: () => [
        ...check("action_final_check", "pass"),
        {
            content: "Passed: no check left to do",
            trigger: ".o_form_view:not(:has(button[name=action_final_check]))",
        },
    ],
});

// The advisor explains the bill; the customer signs the settlement on the
// tablet; the handover posts the invoice.
tours.add("aftersales_workshop_handover_tour", {
    steps: () => [
        tab("handover"),
        {
            content: "Who signs",
            trigger: ".o_field_widget[name=settlement_signed_by] input",
            run: "edit Chen",
        },
        ...signField("settlement_signature", "Chen"),
        ...save(),
        button("action_deliver", "Hand over"),
        { content: "Delivered", trigger: ".o_form_view:not(:has(button[name=action_deliver]))" },
    ],
});
