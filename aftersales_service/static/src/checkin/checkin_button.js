import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

import { Component, useState } from "@odoo/owl";

/** How long the phone may look for its position before checking in without it. */
export const GEOLOCATION_TIMEOUT_MS = 8000;

/**
 * The phone's position as {latitude, longitude}, or null when geolocation is
 * missing, refused, or too slow. Never rejects: the check-in must never be
 * blocked by geolocation. A permission prompt left unanswered does not count
 * against the browser's own timeout, hence the safety timer.
 *
 * @param {number} [timeout]
 * @returns {Promise<{latitude: number, longitude: number} | null>}
 */
export function getPhonePosition(timeout = GEOLOCATION_TIMEOUT_MS) {
    return new Promise((resolve) => {
        const geolocation = browser.navigator && browser.navigator.geolocation;
        if (!geolocation) {
            resolve(null);
            return;
        }
        let settled = false;
        let timer = null;
        const settle = (position) => {
            if (!settled) {
                settled = true;
                browser.clearTimeout(timer);
                resolve(position);
            }
        };
        timer = browser.setTimeout(() => settle(null), timeout + 1000);
        try {
            geolocation.getCurrentPosition(
                ({ coords }) => settle({ latitude: coords.latitude, longitude: coords.longitude }),
                () => settle(null),
                { enableHighAccuracy: false, timeout, maximumAge: 60000 }
            );
        } catch {
            settle(null);
        }
    });
}

/**
 * "Arrive / Check In": saves the job, asks the phone where it is, and checks
 * in with the position when there is one, without it otherwise.
 */
export class AftersalesCheckInButton extends Component {
    static template = "aftersales_service.CheckInButton";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    get buttonClass() {
        // Secondary until the technician has set off: "Start Travel" comes first.
        return this.props.record.data.travel_start_date ? "btn-primary" : "btn-secondary";
    }

    async onClick() {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const record = this.props.record;
            if (!(await record.save())) {
                return;
            }
            const position = await getPhonePosition();
            await this.orm.call(record.resModel, "action_check_in", [[record.resId]], position || {});
            await record.load();
            if (position) {
                this.notification.add(_t("Checked in at your current position."), {
                    type: "success",
                });
            } else {
                this.notification.add(
                    _t("Checked in without a position: location is off or not allowed."),
                    { type: "warning" }
                );
            }
        } finally {
            this.state.busy = false;
        }
    }
}

export const aftersalesCheckInButton = {
    component: AftersalesCheckInButton,
    fieldDependencies: [{ name: "travel_start_date", type: "datetime" }],
};

registry.category("view_widgets").add("aftersales_checkin", aftersalesCheckInButton);

/** A big "Navigate" link opening the job's map link (Amap) in a new tab. */
export class AftersalesNavigateButton extends Component {
    static template = "aftersales_service.NavigateButton";
    static props = { ...standardWidgetProps };

    get url() {
        return this.props.record.data.navigation_url;
    }
}

export const aftersalesNavigateButton = {
    component: AftersalesNavigateButton,
    fieldDependencies: [{ name: "navigation_url", type: "char" }],
};

registry.category("view_widgets").add("aftersales_navigate", aftersalesNavigateButton);
