import { registry } from "@web/core/registry";

// Steps shared by the portal tours on a 390 px phone.

// The page is no wider than the screen and no table scrolls sideways in
// its box (the status column would be out of sight).
export function fitsThePhone(page) {
    return {
        content: `${page}: nothing wider than the screen`,
        trigger: "#wrap.o_portal_wrap",
        run() {
            const root = document.documentElement;
            const screen = root.clientWidth;
            if (root.scrollWidth > screen) {
                const wide = [...document.querySelectorAll("#wrapwrap *")]
                    .filter((el) => el.getBoundingClientRect().right > screen + 1)
                    .slice(0, 3)
                    .map((el) => el.outerHTML.slice(0, 160));
                throw new Error(
                    `${page} is ${root.scrollWidth}px wide on a ${screen}px screen: ${wide.join(" | ")}`
                );
            }
            for (const box of document.querySelectorAll("#wrap .table-responsive")) {
                if (box.scrollWidth > box.clientWidth + 1) {
                    throw new Error(
                        `${page}: a table is ${box.scrollWidth}px wide in its ${box.clientWidth}px box`
                    );
                }
            }
        },
    };
}

// A home page entry shows a small pictogram beside its title, as Odoo's own
// entries do (their pictograms are 64 px), not a screen-wide picture.
export function smallPortalEntry(href) {
    return {
        content: `The entry ${href} has a small pictogram`,
        trigger: `.o_portal_index_card a[href='${href}'] .o_portal_icon img`,
        run() {
            const img = document.querySelector(
                `.o_portal_index_card a[href='${href}'] .o_portal_icon img`
            );
            const box = img.getBoundingClientRect();
            if (!img.complete || !img.naturalWidth) {
                throw new Error(`The pictogram of ${href} did not load: ${img.src}`);
            }
            if (box.width > 64 || box.height > 64) {
                throw new Error(`The pictogram of ${href} is ${box.width}x${box.height}px`);
            }
        },
    };
}

export function goTo(url) {
    return {
        content: `Open ${url}`,
        trigger: "#wrap.o_portal_wrap",
        run() {
            window.location.href = url;
        },
        expectUnloadPage: true,
    };
}

// A customer on a phone: the home page, their requests, a new request, a
// request waiting for their signature, their complaints and one of them.
registry.category("web_tour.tours").add("aftersales_portal_phone_tour", {
    url: "/my",
    steps: () => [
        smallPortalEntry("/my/aftersales"),
        smallPortalEntry("/my/aftersales/complaints"),
        fitsThePhone("My Account"),
        {
            content: "Open my service requests",
            trigger: ".o_portal_index_card a[href='/my/aftersales']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My requests are listed",
            trigger: "tr.o_aftersales_portal_row",
        },
        fitsThePhone("Service Requests"),
        {
            content: "Open the request",
            trigger: "tr.o_aftersales_portal_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It waits for my signature",
            trigger: ".o_aftersales_sign .o_web_sign_name_and_signature",
        },
        fitsThePhone("Service Request (to sign)"),
        goTo("/my/aftersales/new"),
        {
            content: "The new request form",
            trigger: "form.o_aftersales_request_form",
        },
        fitsThePhone("New Service Request"),
        goTo("/my/aftersales/complaints"),
        {
            content: "My complaints are listed",
            trigger: "tr.o_aftersales_portal_complaint_row",
        },
        fitsThePhone("Complaints"),
        {
            content: "Open the complaint",
            trigger: "tr.o_aftersales_portal_complaint_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page",
            trigger: ".o_aftersales_portal_complaint",
        },
        fitsThePhone("Complaint"),
    ],
});
