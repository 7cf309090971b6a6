"""The spreadsheet template editors download from the admin import page: the columns of
the README's *Public interfaces* on the first sheet, each explained in Vietnamese and English on the second."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from products.importing.checks import REQUIRED_CELLS
from products.importing.reading import MAX_ROWS

# (column, Vietnamese, English, example)
COLUMN_GUIDE = [
    (
        "ref",
        "Mã riêng của sản phẩm trong bảng của tỉnh. Nhập lại cùng mã sẽ cập nhật sản phẩm, không tạo bản trùng.",
        "Your stable id for the product. Importing the same ref again updates it, never duplicates it.",
        "TN-CHE-001",
    ),
    ("name_vi", "Tên sản phẩm bằng tiếng Việt.", "Product name in Vietnamese.", "Chè Tân Cương"),
    ("name_en", "Tên sản phẩm bằng tiếng Anh.", "Product name in English.", "Tan Cuong green tea"),
    (
        "province",
        "Tỉnh, thành phố hiện nay hoặc tên tỉnh cũ, có dấu hoặc không dấu.",
        "Current or former province name, with or without diacritics, or its slug.",
        "Thái Nguyên",
    ),
    (
        "category",
        "Nhóm sản phẩm OCOP, tên tiếng Việt hoặc tiếng Anh.",
        "OCOP product group, its name in either language or its slug.",
        "Đồ uống",
    ),
    ("stars", "Hạng sao OCOP: 3, 4 hoặc 5.", "OCOP rating: 3, 4 or 5.", "5"),
    (
        "producer",
        "Tên đăng ký của chủ thể sản xuất.",
        "The producer's registered name.",
        "HTX Chè Tân Cương",
    ),
    (
        "producer_type",
        "cooperative (hợp tác xã), cooperative_group (tổ hợp tác), enterprise (doanh nghiệp) hoặc household (hộ kinh doanh).",
        "cooperative, cooperative_group, enterprise or household.",
        "cooperative",
    ),
    (
        "description_vi",
        "Mô tả bằng tiếng Việt; xuống dòng để tách đoạn.",
        "Description in Vietnamese; line breaks separate paragraphs.",
        "Chè búp sao tay truyền thống.",
    ),
    (
        "description_en",
        "Mô tả bằng tiếng Anh, cùng số đoạn với bản tiếng Việt.",
        "Description in English, with as many paragraphs as the Vietnamese.",
        "Hand-roasted green tea buds.",
    ),
    (
        "certifications",
        "Chứng nhận chất lượng, cách nhau bởi dấu chấm phẩy.",
        "Quality certifications, separated by semicolons.",
        "vietgap;haccp",
    ),
    ("capacity", "Sản lượng có thể cung ứng (một con số).", "Supply capacity (a number).", "20"),
    (
        "capacity_unit",
        "Đơn vị: kg, t (tấn), l (lít), piece, box, bottle, pack, set, m, guest.",
        "Unit: kg, t (tonnes), l (litres), piece, box, bottle, pack, set, m, guest.",
        "t",
    ),
    ("capacity_period", "month (mỗi tháng) hoặc year (mỗi năm).", "month or year.", "month"),
    (
        "harvest_months",
        "Các tháng thu hoạch hoặc có hàng, ví dụ 5-7;12.",
        "Months harvested or available, e.g. 5-7;12.",
        "3-10",
    ),
    (
        "export_markets",
        "Thị trường đã xuất khẩu: mã quốc gia hai chữ cái, cách nhau bởi dấu chấm phẩy.",
        "Export markets served: two-letter country codes separated by semicolons.",
        "US;JP;DE",
    ),
    (
        "ocop_certificate_no",
        "Số quyết định hoặc giấy chứng nhận OCOP.",
        "OCOP certificate or decision number.",
        "1234/QĐ-UBND",
    ),
    (
        "ocop_certified_on",
        "Ngày công nhận (năm-tháng-ngày); hiệu lực 36 tháng.",
        "Date certified (year-month-day); valid for 36 months.",
        "2025-03-15",
    ),
    (
        "commodity",
        "Nguyên liệu hoặc mặt hàng chính; tên mới sẽ được tạo.",
        "Main commodity, in either language; new names are created.",
        "Chè",
    ),
    ("min_order", "Đơn hàng tối thiểu.", "Minimum order.", "500 kg"),
    ("packaging", "Quy cách đóng gói.", "Packaging.", "Hộp 200 g"),
    ("shelf_life_days", "Hạn sử dụng, tính bằng ngày.", "Shelf life in days.", "365"),
    ("hs_code", "Mã HS.", "HS code.", "0902.10"),
]
HEADER_FILL = PatternFill("solid", fgColor="DA251D")
REQUIRED_FILL = PatternFill("solid", fgColor="FBE3E1")


def template_workbook():
    """The template as .xlsx bytes."""
    guide = {column: (vi, en, example) for column, vi, en, example in COLUMN_GUIDE}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "San pham - Products"
    sheet.append(list(guide))
    for cell in sheet[1]:
        vi, en, example = guide[cell.value]
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.comment = Comment(f"{vi}\n\n{en}\n\nVí dụ / Example: {example}", "OCOP Hub")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Huong dan - Guide")
    notes.append(
        ["Cột / Column", "Bắt buộc / Required", "Tiếng Việt", "English", "Ví dụ / Example"]
    )
    for column, (vi, en, example) in guide.items():
        required = "có / yes" if column in REQUIRED_CELLS else "không / no"
        notes.append([column, required, vi, en, example])
        if column in REQUIRED_CELLS:
            notes.cell(notes.max_row, 1).fill = REQUIRED_FILL
    notes.append([])
    notes.append(
        [
            "",
            "",
            "Chỉ nhập dữ liệu ở trang đầu tiên, từ dòng 2. Nếu có dòng sai, không dòng nào được "
            "nhập và mỗi lỗi được báo kèm số dòng.",
            "Fill in the first sheet only, from row 2. If any row is wrong nothing is imported, "
            "and every error is reported with its row number.",
        ]
    )
    vi_rows, en_rows = f"{MAX_ROWS:,}".replace(",", "."), f"{MAX_ROWS:,}"  # 20.000, 20,000
    notes.append(
        [
            "",
            "",
            f"Mỗi tệp có tối đa {vi_rows} dòng sản phẩm (không tính dòng trống); tệp dài hơn "
            "bị từ chối: hãy chia thành nhiều tệp và nhập lần lượt.",
            f"At most {en_rows} product rows per file (blank rows are not counted); a longer "
            "file is refused: split it into several files and import them in turn.",
        ]
    )
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (20, 18, 60, 60, 24), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
