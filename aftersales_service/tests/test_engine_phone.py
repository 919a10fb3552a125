"""Plain tests of engine/phone.py (no database needed)."""

from odoo.tests import BaseCase

from ..engine import phone

GOOD = [
    # mobiles
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("+8613812345678", "13812345678"),
    ("0086 13812345678", "13812345678"),
    ("86 13812345678", "13812345678"),
    ("  19912345678 ", "19912345678"),
    ("\uff0b86 138\uff0d1234\uff0d5678", "13812345678"),  # full-width + and -
    # landlines
    ("010-12345678", "010-12345678"),
    ("01012345678", "010-12345678"),
    ("(010) 1234 5678", "010-12345678"),
    ("021 87654321", "021-87654321"),
    ("0755-12345678", "0755-12345678"),
    ("075512345678", "0755-12345678"),
    ("0571-8765432", "0571-8765432"),
    ("+86 755 1234 5678", "0755-12345678"),
    ("+86 10 12345678", "010-12345678"),
    ("0086 (0)755 12345678", "0755-12345678"),
    # extensions
    ("0755-12345678转123", "0755-12345678-123"),
    ("0755-12345678 转 123", "0755-12345678-123"),
    ("010-12345678 ext 8", "010-12345678-8"),
    ("010-12345678 Ext. 88", "010-12345678-88"),
    ("010-12345678x123", "010-12345678-123"),
    ("010 12345678 X 123", "010-12345678-123"),
    # service numbers
    ("400-123-4567", "400-123-4567"),
    ("4001234567", "400-123-4567"),
    ("800 820 8820", "800-820-8820"),
    ("400-820-8820转1", "400-820-8820-1"),
    # international
    ("+44 20 7946 0958", "+442079460958"),
    ("+1 (415) 555-2671", "+14155552671"),
    ("+65 6123 4567", "+6561234567"),
]

BAD = [
    "12345",
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "12812345678",  # 12x is not a mobile range
    "+86 1381234567",  # short mobile after +86
    "0755-1234567-123",  # bare dash extension is ambiguous
    "0755-12345678-123",  # bare dash extension is ambiguous
    "010-1234567",  # 2-digit-area city needs 8 digits
    "0755-123456",  # local number too short
    "0755-123456789",  # local number too long
    "011-12345678",  # 011 is not an area code
    "12345678",  # no area code
    "4001234567 8",  # service number too long
    "500-123-4567",  # not a 400/800 number
    "13812345678转123",  # mobiles have no extension
    "+1234567",  # international too short (7 digits)
    "+1234567890123456",  # international too long (16 digits)
    "+44 20 7946 0958 ext 1",  # no extension on international numbers
    "0044 20 7946 0958",  # international must be written with +
    "138.1234.5678",  # dots are not separators
    "138 1234 567a",
    "tel: 13812345678",
    "++8613812345678",
    "\uff10\uff17\uff15\uff15-12345678",  # full-width digits
    "0755-12345678 转",
]


class TestPhoneEngine(BaseCase):
    def test_valid_numbers_are_normalized(self):
        for raw, expected in GOOD:
            with self.subTest(raw=raw, expected=expected):
                assert phone.normalize_phone(raw) == expected

    def test_invalid_numbers_raise_with_quoted_input(self):
        for raw in BAD:
            with self.subTest(raw=raw):
                with self.assertRaises(phone.PhoneError) as info:
                    phone.normalize_phone(raw)
                assert (info.exception.code, info.exception.raw) == (phone.INVALID, raw)
                message = str(info.exception)
                assert f'"{raw}"' in message
                assert "is not a valid phone number" in message
                assert "13812345678" in message and "0755-12345678" in message

    def test_empty_values_raise(self):
        for raw in [None, "", "   ", False]:
            with self.subTest(raw=raw), self.assertRaisesRegex(phone.PhoneError, "empty") as info:
                phone.normalize_phone(raw)
            assert (info.exception.code, info.exception.raw) == (phone.EMPTY, raw or "")

    def test_non_string_raises(self):
        with self.assertRaises(phone.PhoneError):
            phone.normalize_phone(13812345678)

    def test_phone_error_is_a_value_error(self):
        assert issubclass(phone.PhoneError, ValueError)

    def test_exact_error_message(self):
        with self.assertRaises(phone.PhoneError) as info:
            phone.normalize_phone("12345")
        assert str(info.exception) == (
            '"12345" is not a valid phone number: use an 11-digit mobile (13812345678), '
            "a landline with area code (0755-12345678), a 400/800 number (400-123-4567) "
            "or an international number starting with + (+442079460958)."
        )
