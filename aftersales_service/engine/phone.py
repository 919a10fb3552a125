"""Phone number normalisation for after-sales contacts.

Plain Python (standard library only), no Odoo import.

:func:`normalize_phone` accepts, and returns in canonical form:

* Chinese mobiles: 11 digits ``1[3-9]xxxxxxxxx``, optionally prefixed by
  ``+86``, ``0086`` or ``86`` -> ``13812345678``.
* Chinese landlines with area code -> ``AREA-LOCAL``:
  ``010`` and ``02x`` are 3-digit area codes followed by an 8-digit local
  number (``010-12345678``); ``03xx``-``09xx`` are 4-digit area codes
  followed by a 7- or 8-digit local number (``0755-12345678``). Written
  after ``+86``/``0086`` the trunk ``0`` may be left out
  (``+86 755 1234 5678``). An extension is accepted only when introduced
  by ``转``, ``ext``/``ext.`` or ``x`` (``0755-12345678 转 123``) and is
  returned as ``-123``; a bare ``-123`` after a full number is ambiguous and
  rejected.
* Service numbers: 10 digits starting ``400`` or ``800`` ->
  ``400-123-4567`` (an extension is accepted as for landlines).
* Other international numbers: ``+`` followed by 8-15 digits -> ``+<digits>``.

Separators between digits may be spaces, dashes (ASCII or full-width) and
parentheses; a full-width plus (U+FF0B) counts as ``+``. Anything else raises
:class:`PhoneError` (a ``ValueError``) with the code ``EMPTY`` or
``INVALID`` and the input (``raw``); the caller words the message. Its
English ``str()`` is for logs and plain-Python callers.
"""

import re

_HINT = (
    "use an 11-digit mobile (13812345678), a landline with area code "
    "(0755-12345678), a 400/800 number (400-123-4567) or an international "
    "number starting with + (+442079460958)."
)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\uff0d()\uff08\uff09]")
_EXTENSION = re.compile(r"^(?P<number>.*?)\s*(?:转|ext\.?|x)\s*(?P<ext>[0-9]{1,6})\s*$", re.IGNORECASE)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_SERVICE = re.compile(r"[48]00[0-9]{7}")
_LANDLINE_3 = re.compile(r"(010|02[0-9])([0-9]{8})")
_LANDLINE_4 = re.compile(r"(0[3-9][0-9]{2})([0-9]{7,8})")
_INTERNATIONAL = re.compile(r"[0-9]{8,15}")


EMPTY = "empty"
INVALID = "invalid"


class PhoneError(ValueError):
    """The value is not a phone number we can normalise: ``code`` is
    ``EMPTY`` or ``INVALID``, ``raw`` the value given."""

    def __init__(self, code, raw):
        self.code = code
        self.raw = raw
        detail = "it is empty; " if code == EMPTY else ""
        super().__init__(f'"{raw}" is not a valid phone number: {detail}{_HINT}')


def _invalid(raw):
    return PhoneError(INVALID, raw)


def _split_extension(text):
    match = _EXTENSION.match(text)
    if not match:
        return text, None
    return match.group("number"), match.group("ext")


def _digits(text, raw):
    digits = _SEPARATORS.sub("", text)
    if not re.fullmatch(r"[0-9]+", digits):
        raise _invalid(raw)
    return digits


def _national_number(digits, has_plus):
    """Strip a +86/0086/86 prefix; return (national digits, is_chinese)."""
    if has_plus:
        return (digits[2:], True) if digits.startswith("86") else (digits, False)
    if digits.startswith("0086"):
        return digits[4:], True
    if digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        return digits[2:], True
    return digits, True


def _format_chinese(national, extension, after_country_code):
    if _MOBILE.fullmatch(national):
        return None if extension else national
    if _SERVICE.fullmatch(national):
        return _with_extension(f"{national[:3]}-{national[3:6]}-{national[6:]}", extension)
    if after_country_code and not national.startswith("0"):
        national = "0" + national
    landline = _LANDLINE_3.fullmatch(national) or _LANDLINE_4.fullmatch(national)
    if landline:
        return _with_extension(f"{landline.group(1)}-{landline.group(2)}", extension)
    return None


def _with_extension(number, extension):
    return f"{number}-{extension}" if extension else number


def normalize_phone(raw):
    """Return the canonical form of ``raw`` or raise :class:`PhoneError`."""
    if not raw or (isinstance(raw, str) and not raw.strip()):
        raise PhoneError(EMPTY, raw or "")
    if not isinstance(raw, str):
        raise _invalid(raw)
    text, extension = _split_extension(raw.strip())
    text = text.strip()
    has_plus = text[:1] in ("+", "\uff0b")
    digits = _digits(text[1:] if has_plus else text, raw)
    national, is_chinese = _national_number(digits, has_plus)
    if not is_chinese:
        if extension or not _INTERNATIONAL.fullmatch(digits):
            raise _invalid(raw)
        return f"+{digits}"
    after_country_code = national != digits
    result = _format_chinese(national, extension, after_country_code)
    if result is None:
        raise _invalid(raw)
    return result
