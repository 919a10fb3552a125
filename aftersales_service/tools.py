"""How the suite writes values into the sentences its users read.

One place for it, used by every model, wizard and controller of the three
addons: a datetime is shown in the reader's time zone (the context's, else
the user's) and language, to the minute; a duration in hours and minutes; a
date, a number or an amount in the reader's language. Engines never format:
they return codes and figures, and the models call these helpers."""

import re

from odoo.tools import format_amount, format_date, format_datetime, formatLang
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

_SECONDS = re.compile(r"[:.]?%S")


def user_tz(env):
    """Time zone name of the reader: the context's, else the user's, else UTC."""
    return env.context.get("tz") or env.user.tz or "UTC"


def user_datetime(env, value, tz=None):
    """``value`` (a naive UTC datetime) as the reader reads it: in ``tz`` (by
    default their time zone), with the date and time formats of their
    language, to the minute (no seconds). Empty string for no value."""
    if not value:
        return ""
    lang = get_lang(env)
    locale = babel_locale_parse(lang.code)
    pattern = "{} {}".format(
        posix_to_ldml(lang.date_format, locale=locale),
        posix_to_ldml(_SECONDS.sub("", lang.time_format), locale=locale),
    )
    return format_datetime(env, value, tz=tz or user_tz(env), dt_format=pattern)


def user_date(env, value):
    """A date in the reader's language format; a datetime is first put in
    their time zone. Empty string for no value."""
    return format_date(env, value) if value else ""


def user_duration(env, minutes):
    """A number of minutes as "2 h 5 min" in the reader's language."""
    hours, rest = divmod(round(minutes or 0), 60)
    if hours and rest:
        return env._("%(hours)s h %(minutes)s min", hours=hours, minutes=rest)
    if hours:
        return env._("%(hours)s h", hours=hours)
    return env._("%(minutes)s min", minutes=rest)


def user_number(env, value, digits=2):
    """A number with the reader's separators; trailing zeros dropped, so
    2.0 reads "2" and 1.5 reads "1.5"."""
    text = formatLang(env, value or 0.0, digits=digits)
    decimal_point = get_lang(env).decimal_point
    if decimal_point in text:
        text = text.rstrip("0").rstrip(decimal_point)
    return text


def user_amount(env, amount, currency):
    """An amount with its currency symbol, in the reader's language."""
    return format_amount(env, amount or 0.0, currency)
