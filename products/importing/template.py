"""The spreadsheet template editors download from the admin import page: the columns of
the README's *Public interfaces* on the first sheet, headed in Vietnamese for the civil
servants who fill it in, and on the second each column's Vietnamese header and English key
(a sheet may use either: `columns`), explained in both languages, with the ways of writing
dates, numbers and photos."""

import io

from django.conf import settings
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from products.importing.checks import REQUIRED_CELLS
from products.importing.columns import VIETNAMESE
from products.importing.photos import MAX_FILES
from products.importing.reading import MAX_ROWS

# (column key, Vietnamese, English, example). The template's first sheet names each column by
# its Vietnamese header (columns.VIETNAMESE); the guide sheet gives both names.
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
    (
        "stars",
        "Hạng sao OCOP: 3, 4 hoặc 5 (có thể viết “4 sao”).",
        "OCOP rating: 3, 4 or 5 (“4 sao”, “4★” are read too).",
        "5 sao",
    ),
    (
        "producer",
        "Tên đăng ký của chủ thể sản xuất.",
        "The producer's registered name.",
        "HTX Chè Tân Cương",
    ),
    (
        "producer_type",
        "Hợp tác xã (HTX), Tổ hợp tác, Doanh nghiệp (Công ty) hoặc Hộ kinh doanh (Hộ sản xuất); hoặc cooperative, cooperative_group, enterprise, household.",
        "cooperative, cooperative_group, enterprise or household; or their Vietnamese names (Hợp tác xã, Tổ hợp tác, Doanh nghiệp, Hộ kinh doanh).",
        "Hợp tác xã",
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
    (
        "capacity",
        "Sản lượng có thể cung ứng (một con số). Dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân: 1.200 là một nghìn hai trăm, 1.200,5 là một nghìn hai trăm phẩy năm.",
        "Supply capacity (a number), written the Vietnamese way (1.200,5) or as 1200.5. A dot followed by three digits separates thousands: 1.200 is one thousand two hundred, not 1.2.",
        "1.200,5",
    ),
    (
        "capacity_unit",
        "Đơn vị: kg, tấn, lít, cái, hộp, chai, gói, bộ, mét, khách.",
        "Unit: kg, t (tonnes), l (litres), piece, box, bottle, pack, set, m, guest; or the Vietnamese words.",
        "kg",
    ),
    ("capacity_period", "tháng hoặc năm.", "month or year (tháng, năm).", "năm"),
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
        "Ngày công nhận, ngày trước tháng: 15/03/2025 (hoặc 15-03-2025, 15.03.2025, ô kiểu ngày); hiệu lực 36 tháng.",
        "Date certified, day first: 15/03/2025 (or 15-03-2025, 15.03.2025, 2025-03-15, a date cell); valid for 36 months.",
        "15/03/2025",
    ),
    (
        "commodity",
        "Nguyên liệu hoặc mặt hàng chính; tên mới sẽ được tạo.",
        "Main commodity, in either language; new names are created.",
        "Chè",
    ),
    (
        "min_order_vi",
        "Đơn hàng tối thiểu, bằng tiếng Việt.",
        "Minimum order, in Vietnamese (the former column min_order).",
        "500 kg",
    ),
    (
        "min_order_en",
        "Đơn hàng tối thiểu, bằng tiếng Anh; để trống thì trang tiếng Anh giữ nội dung đang có.",
        "Minimum order, in English; left empty, the English page keeps what it has.",
        "500 kg",
    ),
    (
        "packaging_vi",
        "Quy cách đóng gói, bằng tiếng Việt.",
        "Packaging, in Vietnamese (the former column packaging).",
        "Hộp 200 g",
    ),
    (
        "packaging_en",
        "Quy cách đóng gói, bằng tiếng Anh; để trống thì trang tiếng Anh giữ nội dung đang có.",
        "Packaging, in English; left empty, the English page keeps what it has.",
        "200 g box",
    ),
    ("shelf_life_days", "Hạn sử dụng, tính bằng ngày.", "Shelf life in days.", "365"),
    ("hs_code", "Mã HS.", "HS code.", "0902.10"),
    (
        "producer_contact_person",
        "Người liên hệ của chủ thể.",
        "The producer's contact person.",
        "Nguyễn Văn An",
    ),
    (
        "producer_phone",
        "Số điện thoại của chủ thể.",
        "The producer's phone number.",
        "0208 3855 123",
    ),
    (
        "producer_email",
        "Thư điện tử của chủ thể.",
        "The producer's e-mail address.",
        "lienhe@htx-chetancuong.example",
    ),
    (
        "producer_website",
        "Trang web của chủ thể.",
        "The producer's website.",
        "https://htx-chetancuong.example",
    ),
    (
        "producer_address",
        "Địa chỉ của chủ thể.",
        "The producer's address.",
        "Xã Tân Cương, Thái Nguyên",
    ),
    (
        "photos",
        "Tên các tệp ảnh, cách nhau bởi dấu chấm phẩy; nén các ảnh thành một tệp .zip và tải lên cùng bảng tính.",
        "Photo file names, separated by semicolons; upload the photos as one .zip file with the sheet.",
        "che-tan-cuong-1.jpg;che-tan-cuong-2.jpg",
    ),
    (
        "price_min",
        "Giá tham khảo thấp nhất cho một đơn vị; có giá thì phải có đơn vị tiền tệ, đơn vị tính và ngày báo giá. Để trống nếu chưa có giá: trang sản phẩm ghi “Liên hệ để báo giá”.",
        "The lowest indicative price per unit; a price needs its currency, unit and date. Leave it empty when there is none: the page says “Price on request”.",
        "2,5",
    ),
    (
        "price_max",
        "Giá tham khảo cao nhất; để trống nếu chỉ có một mức giá.",
        "The highest indicative price; empty for a single price.",
        "3,2",
    ),
    (
        "price_currency",
        "Đơn vị tiền tệ: USD, EUR, VND, JPY, CNY, KRW, GBP hoặc AUD.",
        "Currency: USD, EUR, VND, JPY, CNY, KRW, GBP or AUD.",
        "USD",
    ),
    (
        "price_unit",
        "Giá tính cho mỗi: kg, t (tấn), l (lít), piece (cái), box (hộp), bottle (chai), pack (gói), set (bộ).",
        "The unit the price is for: kg, t, l, piece, box, bottle, pack, set.",
        "kg",
    ),
    (
        "price_incoterm",
        "Điều kiện giao hàng (Incoterm) của mức giá, ví dụ FOB.",
        "The Incoterm the price is quoted in, e.g. FOB.",
        "FOB",
    ),
    (
        "price_date",
        "Ngày đưa ra mức giá (ngày/tháng/năm), không sau hôm nay.",
        "The day the price was given (day/month/year), not in the future.",
        "15/03/2025",
    ),
    (
        "price_source",
        "Nguồn của mức giá: báo giá của chủ thể, bảng giá hội chợ, hoặc địa chỉ bài báo.",
        "Where the price comes from: the producer's quotation, a fair's price list, or an article's address.",
        "Báo giá của HTX, 03/2025",
    ),
    (
        "price_source_en",
        "Nguồn của mức giá, bằng tiếng Anh; để trống thì trang tiếng Anh giữ nội dung đang có.",
        "Where the price comes from, in English; left empty, the English page keeps what it has.",
        "Cooperative's quotation, 03/2025",
    ),
    (
        "incoterms",
        "Các điều kiện giao hàng chủ thể chấp nhận, cách nhau bởi dấu chấm phẩy: EXW, FCA, FOB, CFR, CIF…",
        "Every Incoterm the producer sells on, separated by semicolons: EXW, FCA, FOB, CFR, CIF…",
        "EXW;FOB",
    ),
    (
        "port_of_loading",
        "Cảng biển hoặc sân bay xếp hàng xuất khẩu.",
        "The port or airport where export goods are loaded.",
        "Cảng Hải Phòng",
    ),
    (
        "port_of_loading_en",
        "Cảng hoặc sân bay xếp hàng, bằng tiếng Anh; để trống thì trang tiếng Anh giữ nội dung đang có.",
        "The port or airport of loading, in English; left empty, the English page keeps what it has.",
        "Hai Phong port",
    ),
    (
        "lead_time_days",
        "Số ngày từ khi đơn hàng được xác nhận đến khi hàng sẵn sàng xếp (0 đến 365).",
        "Days from a confirmed order to goods ready for loading (0 to 365).",
        "30",
    ),
    (
        "samples",
        "Hàng mẫu: có sẵn, theo yêu cầu hoặc không (available, on_request, none).",
        "Samples: available, on_request or none (có sẵn, theo yêu cầu, không).",
        "theo yêu cầu",
    ),
    (
        "specifications",
        "Thông số kỹ thuật dạng “tên: giá trị”, cách nhau bởi dấu chấm phẩy hoặc xuống dòng.",
        "Specifications as “name: value”, separated by semicolons or line breaks.",
        "Độ ẩm: ≤ 5%; Cỡ búp: 1 tôm 2 lá",
    ),
    (
        "specifications_en",
        "Thông số kỹ thuật, bằng tiếng Anh; để trống thì trang tiếng Anh giữ nội dung đang có.",
        "Specifications, in English; left empty, the English page keeps what it has.",
        "Moisture: ≤ 5%; Leaf grade: one bud, two leaves",
    ),
]
# Producer contacts: set on a new producer; on an existing one, an editor's import leaves
# them as they are (products/importing/shared.py), a central reviewer's changes them.
HEADER_FILL = PatternFill("solid", fgColor="DA251D")
REQUIRED_FILL = PatternFill("solid", fgColor="FBE3E1")


def template_workbook():
    """The template as .xlsx bytes."""
    workbook = Workbook()
    _products_sheet(workbook.active)
    _guide_sheet(workbook.create_sheet("Huong dan - Guide"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _products_sheet(sheet):
    sheet.title = "San pham - Products"
    sheet.append([VIETNAMESE[column] for column, *_texts in COLUMN_GUIDE])
    for cell, (column, vi, en, example) in zip(sheet[1], COLUMN_GUIDE, strict=True):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.comment = Comment(f"{vi}\n\n{column}: {en}\n\nVí dụ / Example: {example}", "OCOP Hub")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    sheet.freeze_panes = "A2"


def _guide_sheet(notes):
    notes.append(
        ["Cột / Column", "Khóa tiếng Anh / English key", "Bắt buộc / Required", "Tiếng Việt",
         "English", "Ví dụ / Example"]
    )  # fmt: skip
    for column, vi, en, example in COLUMN_GUIDE:
        required = "có / yes" if column in REQUIRED_CELLS else "không / no"
        notes.append([VIETNAMESE[column], column, required, vi, en, example])
        if column in REQUIRED_CELLS:
            notes.cell(notes.max_row, 1).fill = REQUIRED_FILL
    notes.append([])
    for vi, en in _notes():
        notes.append(["", "", "", vi, en])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (26, 24, 14, 60, 60, 24), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _notes():
    """(Vietnamese, English) of the notes under the columns."""
    vi_rows, en_rows = f"{MAX_ROWS:,}".replace(",", "."), f"{MAX_ROWS:,}"  # 20.000, 20,000
    kinds = ", ".join(f".{kind}" for kind in settings.WAGTAILIMAGES_EXTENSIONS)
    size = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // 2**20
    return [
        ("Chỉ nhập dữ liệu ở trang đầu tiên, từ dòng 2. Nếu có dòng sai, không dòng nào được "
         "nhập và mỗi lỗi được báo kèm số dòng.",
         "Fill in the first sheet only, from row 2. If any row is wrong nothing is imported, "
         "and every error is reported with its row number."),
        ("Tiêu đề cột có thể viết bằng tiếng Việt (cột A) hoặc bằng khóa tiếng Anh (cột B), "
         "có dấu hoặc không dấu, chữ hoa hay chữ thường đều được.",
         "Column headers may be the Vietnamese names (column A) or the English keys "
         "(column B), with or without diacritics, in any case."),
        ("Ngày viết ngày trước, tháng sau: 15/03/2025. Số viết theo kiểu Việt Nam: dấu chấm "
         "ngăn cách hàng nghìn, dấu phẩy trước phần thập phân (1.200,5); vì vậy 1.200 luôn "
         "được hiểu là một nghìn hai trăm. Không viết 1,200: hãy viết 1200 hoặc 1.200.",
         "Dates are day first: 15/03/2025. Numbers are read the Vietnamese way: a dot between "
         "thousands, a comma before the decimals (1.200,5), so 1.200 is always one thousand "
         "two hundred; 1200.5 is read too. 1,200 is refused as ambiguous."),
        (f"Ảnh: nén các ảnh ({kinds}; mỗi ảnh tối đa {size} MB) thành một tệp .zip, "
         f"tối đa {MAX_FILES} tệp, và chọn tệp đó khi tải bảng tính lên. Ảnh chỉ được thêm "
         "vào thư viện ảnh của sản phẩm, không xóa ảnh đang có; ảnh trùng không được thêm lần "
         "nữa. Nên đặt tên tệp ảnh không dấu.",
         f"Photos: put the pictures ({kinds}; at most {size} MB each) in one .zip file of "
         f"at most {MAX_FILES} files and choose it when you upload the sheet. Photos are only "
         "added to the product's gallery, never removed; a picture already there is not "
         "added again. File names without diacritics are safest."),
        ("Thông tin liên hệ (người liên hệ, điện thoại, email, trang web, địa chỉ) được ghi "
         "cho chủ thể mới. Với chủ thể đã có, bảng tính của cán bộ tỉnh không thay đổi các "
         "thông tin này (màn hình xem trước sẽ báo); người duyệt trung ương có thể cập nhật.",
         "Contacts (person, phone, e-mail, website, address) are recorded for a new producer. "
         "A provincial editor's import leaves those of an existing producer as they are (the "
         "preview says so); a central reviewer's import updates them."),
        (f"Mỗi tệp có tối đa {vi_rows} dòng sản phẩm (không tính dòng trống); tệp dài hơn "
         "bị từ chối: hãy chia thành nhiều tệp và nhập lần lượt.",
         f"At most {en_rows} product rows per file (blank rows are not counted); a longer "
         "file is refused: split it into several files and import them in turn."),
    ]  # fmt: skip
