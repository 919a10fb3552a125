import { registry } from "@web/core/registry";
import {
    fitsThePhone,
    smallPortalEntry,
} from "@aftersales_service/tours/aftersales_portal_phone_tour";

// A customer on a 390 px phone opens their three-guarantee cards from the
// home page, then one card with its periods and repair log.
registry.category("web_tour.tours").add("aftersales_warranty_portal_phone_tour", {
    url: "/my",
    steps: () => [
        smallPortalEntry("/my/warranty"),
        fitsThePhone("My Account"),
        {
            content: "Open my warranty cards",
            trigger: ".o_portal_index_card a[href='/my/warranty']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My cards are listed",
            trigger: "tr.o_warranty_portal_row",
        },
        fitsThePhone("Warranty Cards"),
        {
            content: "Open the card",
            trigger: "tr.o_warranty_portal_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The card page",
            trigger: ".o_warranty_portal_card",
        },
        fitsThePhone("Warranty Card"),
    ],
});
