"""The sheet's column names: the English keys of the README's *Public interfaces* and the
Vietnamese headers a civil servant writes instead, in one table.

A header is matched folded (`showcase.text.fold`: case, diacritics, spaces, underscores and
punctuation do not count), so "Mã sản phẩm", "MA SAN PHAM", "ma_san_pham" and "Ma san pham"
are one column, and "name_vi" is also "Name VI". The first Vietnamese name of each column is
the one the downloadable template writes (`template.py`); the others are what provincial
lists are seen to use. The two single columns of the format's first version are read as their
Vietnamese half: `packaging` as `packaging_vi`, `min_order` as `min_order_vi`.
"""

from showcase.text import fold

# (key, Vietnamese headers: the template's first, then other accepted spellings)
COLUMNS = [
    ("ref", ("Mã sản phẩm", "Mã", "Mã SP")),
    ("name_vi", ("Tên tiếng Việt", "Tên sản phẩm", "Tên sản phẩm tiếng Việt", "Tên SP")),
    ("name_en", ("Tên tiếng Anh", "Tên sản phẩm tiếng Anh")),
    ("province", ("Tỉnh/thành phố", "Tỉnh", "Tỉnh/TP", "Tỉnh, thành phố")),
    ("category", ("Nhóm sản phẩm", "Nhóm", "Nhóm sản phẩm OCOP")),
    ("stars", ("Hạng sao", "Số sao", "Sao", "Hạng OCOP")),
    ("producer", ("Chủ thể sản xuất", "Chủ thể", "Chủ thể OCOP", "Tên chủ thể")),
    ("producer_type", ("Loại chủ thể", "Loại hình chủ thể")),
    ("description_vi", ("Mô tả tiếng Việt", "Mô tả")),
    ("description_en", ("Mô tả tiếng Anh",)),
    ("certifications", ("Chứng nhận", "Chứng nhận chất lượng")),
    ("capacity", ("Sản lượng", "Sản lượng cung ứng", "Năng lực cung ứng")),
    ("capacity_unit", ("Đơn vị", "Đơn vị tính", "Đơn vị sản lượng")),
    ("capacity_period", ("Kỳ sản lượng", "Kỳ", "Theo tháng/năm")),
    ("harvest_months", ("Tháng thu hoạch", "Tháng có hàng", "Mùa vụ")),
    ("export_markets", ("Thị trường xuất khẩu", "Thị trường đã xuất khẩu")),
    ("ocop_certificate_no", ("Số quyết định OCOP", "Số quyết định", "Số giấy chứng nhận OCOP")),
    ("ocop_certified_on", ("Ngày công nhận", "Ngày công nhận OCOP", "Ngày quyết định")),
    ("commodity", ("Mặt hàng", "Mặt hàng chính", "Nguyên liệu chính")),
    ("min_order_vi", ("Đơn hàng tối thiểu tiếng Việt", "Đơn hàng tối thiểu")),
    ("min_order_en", ("Đơn hàng tối thiểu tiếng Anh",)),
    ("packaging_vi", ("Quy cách đóng gói tiếng Việt", "Quy cách đóng gói")),
    ("packaging_en", ("Quy cách đóng gói tiếng Anh",)),
    ("shelf_life_days", ("Hạn sử dụng (ngày)", "Hạn sử dụng", "Số ngày sử dụng")),
    ("hs_code", ("Mã HS",)),
    ("producer_contact_person", ("Người liên hệ", "Người đại diện")),
    ("producer_phone", ("Điện thoại", "Số điện thoại", "SĐT")),
    ("producer_email", ("Email", "Thư điện tử", "E-mail")),
    ("producer_website", ("Website", "Trang web")),
    ("producer_address", ("Địa chỉ", "Địa chỉ chủ thể")),
    ("photos", ("Ảnh", "Hình ảnh", "Ảnh sản phẩm", "Tệp ảnh")),
    # The commercial terms (importing/terms.py).
    ("price_min", ("Giá từ", "Giá thấp nhất", "Giá tối thiểu")),
    ("price_max", ("Giá đến", "Giá cao nhất", "Giá tối đa")),
    ("price_currency", ("Đơn vị tiền tệ", "Tiền tệ", "Loại tiền")),
    ("price_unit", ("Giá tính theo", "Đơn vị tính giá")),
    ("price_incoterm", ("Điều kiện giao hàng của giá", "Incoterm của giá")),
    ("price_date", ("Ngày báo giá", "Ngày cho giá")),
    ("price_source", ("Nguồn giá", "Nguồn báo giá")),
    ("price_source_en", ("Nguồn giá tiếng Anh",)),
    ("incoterms", ("Điều kiện giao hàng", "Incoterms")),
    ("port_of_loading", ("Cảng xếp hàng", "Cảng xuất hàng", "Cảng/sân bay xếp hàng")),
    ("port_of_loading_en", ("Cảng xếp hàng tiếng Anh",)),
    (
        "lead_time_days",
        ("Thời gian giao hàng (ngày)", "Thời gian giao hàng", "Thời gian chuẩn bị hàng"),
    ),
    ("samples", ("Hàng mẫu", "Mẫu")),
    ("specifications", ("Thông số kỹ thuật", "Quy cách kỹ thuật", "Chỉ tiêu chất lượng")),
    ("specifications_en", ("Thông số kỹ thuật tiếng Anh",)),
]
# The single columns of the format's first version, read as the Vietnamese half.
FORMER_KEYS = {"min_order": "min_order_vi", "packaging": "packaging_vi"}
KEYS = [key for key, _names in COLUMNS]
# Columns whose number cells are written out with a decimal comma (`reading`): a cell
# holding 1.234 must not become the text "1.234", which reads as 1234 (`values`).
NUMBER_COLUMNS = {"capacity", "shelf_life_days", "stars", "price_min", "price_max",
                  "lead_time_days"}  # fmt: skip
VIETNAMESE = {key: names[0] for key, names in COLUMNS}


def _by_folded_name(names):
    found = {}
    for name, key in names:
        other = found.setdefault(fold(name), key)
        if other != key:  # a new alias must not take another column's name
            raise ValueError(f"{name!r} names both {other} and {key}")
    return found


VIETNAMESE_NAMES = _by_folded_name((name, key) for key, names in COLUMNS for name in names)
BY_FOLDED_NAME = _by_folded_name(
    [(key, key) for key in KEYS] + list(FORMER_KEYS.items()) + list(VIETNAMESE_NAMES.items())
)


def column_key(header):
    """The key of the column a header cell names; an unknown header in the form the old
    importer read it (lower case, underscores), as the "unknown column" error names it."""
    text = (header or "").strip()
    return BY_FOLDED_NAME.get(fold(text)) or text.lower().replace(" ", "_")


class Header(list):
    """The sheet's column keys, in order; `written` keeps the header cells as the sheet
    writes them, so that an error names the column the editor sees."""

    def __init__(self, cells):
        self.written = [(cell or "").strip() for cell in cells]
        super().__init__(column_key(cell) for cell in self.written)

    def label(self, key):
        """How the sheet writes the column `key` (its first spelling), or the key."""
        return next((cell for cell in self.spellings(key)), key)

    @property
    def vietnamese(self):
        """Whether the sheet names its columns in Vietnamese (any known one)."""
        return any(fold(cell) in VIETNAMESE_NAMES for cell in self.written)

    def missing_name(self, key):
        """A column the sheet lacks, named as the sheet's other headers are."""
        return VIETNAMESE[key] if self.vietnamese else key

    def spellings(self, key):
        """The different ways the header writes `key` (two of them: "given twice")."""
        return list(dict.fromkeys(c for c, k in zip(self.written, self, strict=True) if k == key))
